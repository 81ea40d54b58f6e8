import pytest

from bot.nlu.crisis import crisis_signal
from bot.nlu.normalize import normalize


@pytest.mark.parametrize(
    "text",
    ["欠了二十万网贷，真的不想活了", "活着没意思，想从楼上跳下去", "催收的人把我关在屋里不让我走", "我被他们打了",
     "還不上錢，想自殺", "網貸逼得我想死", "写好遗书了", "能协商吗，我已经活不下去了"],
)
def test_signs_of_crisis(text):
    assert crisis_signal(normalize(text))


@pytest.mark.parametrize(
    "text",
    ["笑死了，催收说要上门", "利息高得吓死人", "借呗逾期会怎样", "手机死机了还不了款", "死活还不上", "累死了不想管了", "一天被打了十几个电话", "被打电话骚扰", ""],
)
def test_ordinary_messages(text):
    assert not crisis_signal(normalize(text))
