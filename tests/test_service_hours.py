"""Service hours in Beijing time, as the hand-over message states them."""

from datetime import datetime, timezone

import pytest

from bot import service_hours


def utc(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, 26, hour, minute, tzinfo=timezone.utc)


def test_the_default_is_nine_to_nine_beijing_time():
    assert service_hours.label() == "09:00–21:00"
    assert service_hours.open_at(utc(1))  # 09:00 in Beijing
    assert not service_hours.open_at(utc(0, 59))  # 08:59
    assert not service_hours.open_at(utc(13))  # 21:00
    assert service_hours.next_opening(utc(22)) == "今天09:00"  # 06:00 the next day in Beijing
    assert service_hours.next_opening(utc(14)) == "明天09:00"  # 22:00 in Beijing


def test_hours_come_from_the_environment_and_may_span_midnight(monkeypatch):
    monkeypatch.setenv("ZHAIDA_SERVICE_HOURS", "20:00-02:00")
    assert service_hours.open_at(utc(17)) and not service_hours.open_at(utc(19))  # 01:00 and 03:00
    monkeypatch.setenv("ZHAIDA_SERVICE_HOURS", "00:00-24:00")
    assert service_hours.label() == "24小时" and service_hours.open_at(utc(19))


@pytest.mark.parametrize("value", ["", "nine to five", "25:00-26:00", "09:61-10:00"])
def test_a_malformed_setting_falls_back_to_the_default(monkeypatch, value):
    monkeypatch.setenv("ZHAIDA_SERVICE_HOURS", value)
    assert service_hours.label() == "09:00–21:00"
