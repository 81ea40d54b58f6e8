/* 债答 agent console: the queue, one ticket's live conversation, claim, reply, hand back.
 * Every user or bot sentence is put on the page with textContent, never as HTML. */
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };
  var auth = { token: sessionStorage.getItem("zhaida-agent-token"), agent: sessionStorage.getItem("zhaida-agent-name") };
  var current = null, currentTicket = null;
  var WHO = { user: "用户", bot: "债答" };
  var SLOTS = { platform: "平台", amount: "金额（元）", duration: "时长（天）", notice_kind: "收到方式",
    debt_amount: "欠款（元）", overdue_days: "逾期天数", monthly_income: "月收入", monthly_expenses: "月必要开支",
    monthly_capacity: "每月能还", overdue_rate: "逾期日利率", last_answer: "上次回答的话题" };

  function api(method, path, body) {
    var headers = { "Authorization": "Bearer " + auth.token, "X-Zhaida-Agent": encodeURIComponent(auth.agent) };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    return fetch("/agent" + path, { method: method, headers: headers, body: body === undefined ? undefined : JSON.stringify(body) })
      .then(function (r) { return r.json().then(function (data) { return { status: r.status, data: data }; }); });
  }
  function el(name, cls, text) {
    var node = document.createElement(name);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function age(iso) {
    var minutes = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 60000));
    return minutes < 60 ? minutes + " 分钟前" : Math.round(minutes / 60) + " 小时前";
  }

  function refreshQueue() {
    return api("GET", "/tickets").then(function (r) {
      if (r.status !== 200) { logout(r.data.error); return; }
      var list = $("tickets");
      list.textContent = "";
      $("count").textContent = "（" + r.data.tickets.length + "）";
      r.data.tickets.forEach(function (t) {
        var li = el("li", t.id === current ? "current" : "");
        li.dataset.id = t.id;
        li.dataset.priority = t.priority;
        li.appendChild(el("span", "prio " + t.priority, t.priority));
        li.appendChild(el("strong", null, "#" + t.id));
        li.appendChild(el("span", "age", age(t.created_at)));
        li.appendChild(el("span", "status", t.status === "claimed" ? "已由 " + t.agent + " 接手" : "待接手"));
        li.appendChild(el("div", "summary", t.summary));
        li.tabIndex = 0;
        li.addEventListener("click", function () { open(t.id); });
        li.addEventListener("keydown", function (e) { if (e.key === "Enter") open(t.id); });
        list.appendChild(li);
      });
    });
  }
  function open(id) {
    current = id;
    $("ticket").hidden = false;
    refreshTicket();
    refreshQueue();
  }
  function refreshTicket() {
    if (current === null) return Promise.resolve();
    return api("GET", "/tickets/" + current).then(function (r) {
      if (r.status !== 200) { $("ticket-status").textContent = r.data.error; return; }
      var t = r.data;
      currentTicket = t;
      $("ticket-title").textContent = "#" + t.id + " · " + t.priority + " · " + (t.category || "");
      $("ticket-summary").textContent = t.summary;
      var facts = $("ticket-facts");
      facts.textContent = "";
      var rows = [["原因", (t.reasons || []).join("；") || "—"], ["标记", (t.flags || []).join("、") || "—"],
        ["渠道", t.channel || "—"], ["状态", t.status + (t.agent ? "（" + t.agent + "）" : "")]];
      Object.keys(t.slots || {}).forEach(function (k) { rows.push([SLOTS[k] || k, String(t.slots[k])]); });
      rows.forEach(function (row) { facts.appendChild(el("dt", null, row[0])); facts.appendChild(el("dd", null, row[1])); });
      var mine = t.status === "claimed" && t.agent === auth.agent;
      $("claim").disabled = t.status !== "open";
      $("handback").disabled = !mine;
      $("send-reply").disabled = !mine;
      var list = $("messages");
      var atBottom = list.scrollTop + list.clientHeight >= list.scrollHeight - 4;
      list.textContent = "";
      (t.messages || []).forEach(function (m) {
        var li = el("li", m.agent ? "agent" : m.from);
        li.appendChild(el("span", "who", m.agent ? "客服 " + m.agent : WHO[m.from] || m.from));
        li.appendChild(document.createTextNode(m.text || ""));
        list.appendChild(li);
      });
      if (atBottom) list.scrollTop = list.scrollHeight;
    });
  }
  function action(path, body) {
    return api("POST", "/tickets/" + current + path, body).then(function (r) {
      $("ticket-status").textContent = r.status === 200 ? "" : r.data.error;
      return refreshTicket().then(refreshQueue).then(function () { return r; });
    });
  }
  $("claim").addEventListener("click", function () { action("/claim"); });
  $("handback").addEventListener("click", function () { action("/handback"); });
  $("reply-form").addEventListener("submit", function (e) {
    e.preventDefault();
    var text = $("reply").value.trim();
    if (!text) return;
    action("/reply", { text: text }).then(function (r) { if (r.status === 200) $("reply").value = ""; });
  });

  function logout(message) {
    sessionStorage.removeItem("zhaida-agent-token");
    $("desk").hidden = true;
    $("login").hidden = false;
    $("login-error").textContent = message || "";
  }
  function enter() {
    $("login").hidden = true;
    $("desk").hidden = false;
    $("whoami").textContent = "客服：" + auth.agent;
    refreshQueue();
  }
  $("login").addEventListener("submit", function (e) {
    e.preventDefault();
    auth = { token: $("token").value, agent: $("agent").value.trim() };
    sessionStorage.setItem("zhaida-agent-token", auth.token);
    sessionStorage.setItem("zhaida-agent-name", auth.agent);
    enter();
  });
  if (auth.token && auth.agent) enter();
  setInterval(function () { if (!$("desk").hidden) { refreshQueue(); refreshTicket(); } }, 1500);
})();
