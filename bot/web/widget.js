/* 债答 chat widget. One tag embeds it in any page:
 *   <script src="https://your.host/webhooks/chat/widget.js" defer></script>
 * data-mode="page" fills the page instead of floating (the full page at /webhooks/chat/ does this).
 *
 * It talks to the bot over socket.io (a small Engine.IO 4 / Socket.IO 5 client over WebSocket, below),
 * so the bot and a human agent can both push messages. The server issues the session token; the widget
 * keeps it in localStorage and re-draws the conversation from the server's `history` after every
 * connection, so a reload or a network drop neither loses nor repeats a message. Messages typed while
 * offline wait in an outbox (kept across reloads) and carry a client id, so a re-sent one is answered once.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || window.__zhaidaWidget) return;
  window.__zhaidaWidget = true;
  var BASE = new URL(script.src, location.href).origin;
  var MODE = script.getAttribute("data-mode") === "page" ? "page" : "float";
  var KEY = "zhaida:" + BASE + ":";
  var store = {
    get: function (k) { try { return localStorage.getItem(KEY + k); } catch (e) { return null; } },
    set: function (k, v) { try { localStorage.setItem(KEY + k, v); } catch (e) { /* private mode: memory only */ } },
  };

  var T = {
    title: "债答",
    subtitle: "网贷、信用卡逾期问题咨询 · 一般性信息，不构成法律意见",
    open: "咨询欠款问题",
    close: "收起对话",
    human: "转人工",
    agent: "人工客服",
    humanPayload: "/human_handoff",
    input: "输入消息",
    placeholder: "说说您的情况，例如：借呗逾期收到律师函",
    send: "发送",
    privacy: "请不要输入完整的身份证号、银行卡号或手机号，说“尾号1234”就够了。",
    crisis: "紧急情况请拨打 110 / 120；心理援助热线 12356",
    greeting: "您好，我是债答。可以问我网贷、信用卡逾期的后果、征信、罚息、协商还款、催收是否合法、律师函和法院通知的真假。",
    detail: "详细说明",
    sources: "依据",
    steps: "下一步",
    typing: "债答正在输入…",
    offline: "网络已断开，正在重新连接…您发的消息会在恢复后送出。",
    connecting: "正在连接…",
    queued: "等待发送",
    announce: "债答回复：",
    planHead: ["方案", "每期还款", "总利息", "总还款", "能否负担"],
    planOnce: "（一次）",
    planRecommended: "（推荐）",
    planYes: "✓ 能",
    planNo: "✗ 超出",
    planLimit: "可负担线 ",
    planCaption: "条形是每期最多要还的钱；虚线左边才是按您收支能负担的。",
    planNoMargin: "按您说的收支，每月没有结余。",
    planAria: "每期还款与可负担线",
    debts: "各笔欠款",
    debtsAria: "各笔欠款每月剩余金额：",
    debtsX: "月",
    debtsY: "剩余欠款（元）",
    debtsNote: "每条线是一笔欠款每月还剩多少，到底就还清了。",
    debtsShort: ["每月还差 ", " 元，先不画还款图。"],
  };

  var CSS = [
    ":host{all:initial}",
    "*{box-sizing:border-box}",
    ".root{--brand:#1f6f5c;--bg:#f4f6f5;--bot:#fff;--me:#d9f0e8;--text:#1d2421;--muted:#4d5a55;",
    "font:16px/1.6 -apple-system,'PingFang SC','Noto Sans CJK SC','WenQuanYi Micro Hei','Microsoft YaHei',sans-serif;color:var(--text)}",
    ".launcher{position:fixed;right:16px;bottom:16px;z-index:2147483000;background:var(--brand);color:#fff;border:0;",
    "border-radius:24px;padding:12px 18px;font:inherit;font-size:16px;box-shadow:0 2px 8px rgba(0,0,0,.25);cursor:pointer}",
    ".panel{display:flex;flex-direction:column;background:var(--bg)}",
    ".float .panel{position:fixed;right:16px;bottom:16px;width:380px;height:min(640px,calc(100vh - 32px));z-index:2147483001;",
    "border-radius:12px;overflow:hidden;box-shadow:0 4px 24px rgba(0,0,0,.3)}",
    ".page .panel{position:fixed;inset:0}",
    "@media (max-width:480px){.float .panel{right:0;bottom:0;width:100vw;height:100%;border-radius:0}}",
    ".panel[hidden],.launcher[hidden]{display:none}",
    "header{background:var(--brand);color:#fff;padding:10px 12px;display:flex;align-items:center;gap:8px}",
    "header .t{flex:1;min-width:0}",
    "header h2{margin:0;font-size:18px}",
    "header p{margin:0;font-size:12px;opacity:.9}",
    "header button{background:#fff;color:var(--brand);border:0;border-radius:16px;padding:4px 12px;font:inherit;font-size:14px;cursor:pointer}",
    "header button.x{background:transparent;color:#fff;font-size:22px;padding:0 6px;line-height:1}",
    ".status{background:#fff4d6;color:#5c4400;font-size:13px;padding:6px 12px}",
    ".status[hidden]{display:none}",
    ".log{flex:1;overflow-y:auto;padding:12px;display:flex;flex-direction:column;gap:10px;-webkit-overflow-scrolling:touch}",
    ".msg{max-width:85%;padding:10px 14px;border-radius:12px;white-space:pre-wrap;word-break:break-word}",
    ".bot{align-self:flex-start;background:var(--bot);box-shadow:0 1px 2px rgba(0,0,0,.08)}",
    ".me{align-self:flex-end;background:var(--me)}",
    ".agent{border-left:4px solid var(--brand)}",
    ".who{display:block;font-size:12px;color:var(--muted)}",
    ".me.queued{opacity:.7}",
    ".me .q{display:block;font-size:12px;color:var(--muted)}",
    ".short{margin:0}",
    "details{margin-top:8px;border-top:1px solid #e3e8e6;padding-top:6px}",
    "summary{cursor:pointer;color:var(--brand);font-size:14px;min-height:32px;display:flex;align-items:center;list-style:none}",
    "summary::-webkit-details-marker{display:none}",
    "summary::before{content:'▸';margin-right:6px;transition:transform .15s}",
    "details[open]>summary::before{transform:rotate(90deg)}",
    "details p{margin:6px 0}",
    "details ol{margin:6px 0;padding-left:22px}",
    ".src{font-size:13px;color:var(--muted)}",
    "a{color:var(--brand);text-decoration:underline;word-break:break-all}",
    ".buttons{align-self:flex-start;display:flex;flex-wrap:wrap;gap:6px;max-width:92%}",
    ".buttons button{border:1px solid var(--brand);background:#fff;color:var(--brand);border-radius:16px;",
    "padding:6px 12px;font:inherit;font-size:14px;cursor:pointer;min-height:36px}",
    ".typing{align-self:flex-start;color:var(--muted);font-size:14px}",
    ".privacy{font-size:12px;color:var(--muted);padding:4px 12px;background:#fff;border-top:1px solid #dde3e0}",
    "form{display:flex;gap:8px;padding:8px 12px 10px;background:#fff}",
    "label.sr,.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}",
    "textarea{flex:1;resize:none;font:inherit;padding:8px 10px;border:1px solid #8a9994;border-radius:8px;height:44px}",
    "form button{background:var(--brand);color:#fff;border:0;border-radius:8px;padding:0 18px;font:inherit;cursor:pointer}",
    "button:focus-visible,textarea:focus-visible,summary:focus-visible{outline:3px solid #f0a500;outline-offset:2px}",
    ".crisis{font-size:12px;color:var(--muted);text-align:center;padding:2px 12px 8px;background:#fff}",
    ".plan{align-self:flex-start;background:var(--bot);box-shadow:0 1px 2px rgba(0,0,0,.08);border-radius:12px;",
    "padding:10px 14px;max-width:96%;margin:0;overflow-x:auto;flex:none}",
    ".plan table{border-collapse:collapse;font-size:14px;width:100%}",
    ".plan th,.plan td{padding:4px 8px;border-bottom:1px solid #e3e8e6;text-align:right;white-space:nowrap}",
    ".plan th:first-child,.plan td:first-child{text-align:left}",
    ".plan tr.recommended td{background:var(--me);font-weight:600}",
    ".plan .yes{color:var(--brand)}.plan .no{color:#9b2c2c}",
    ".plan svg{display:block;margin-top:8px;width:100%;max-width:460px;height:auto}",
    ".plan figcaption{font-size:12px;color:var(--muted)}",
    ".plan caption{text-align:left;font-weight:600}",
    ".plan polyline{fill:none;stroke-width:2.5;stroke-linejoin:round}",
  ].join("\n");

  // --- DOM ---
  function el(name, attrs, text) {
    var node = document.createElement(name);
    if (attrs) for (var k in attrs) if (attrs[k] !== undefined && attrs[k] !== null) node.setAttribute(k, attrs[k]);
    if (text !== undefined) node.textContent = text;
    return node;
  }
  var host = el("div", { id: "zhaida-widget" });
  (document.body || document.documentElement).appendChild(host);
  var shadow = host.attachShadow({ mode: "open" });
  try {
    var sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    shadow.adoptedStyleSheets = [sheet];
  } catch (e) {
    shadow.appendChild(el("style", null, CSS));
  }
  var root = el("div", { class: "root " + MODE, lang: "zh-CN" });
  shadow.appendChild(root);
  var launcher = el("button", { class: "launcher", type: "button", "aria-expanded": "false" }, T.open);
  var panel = el("section", { class: "panel", role: "dialog", "aria-label": T.title });
  var header = el("header");
  var titles = el("div", { class: "t" });
  titles.appendChild(el("h2", null, T.title));
  titles.appendChild(el("p", null, T.subtitle));
  header.appendChild(titles);
  var human = el("button", { type: "button", class: "human" }, T.human);
  header.appendChild(human);
  var closer = el("button", { type: "button", class: "x", "aria-label": T.close }, "×");
  if (MODE === "float") header.appendChild(closer);
  var status = el("div", { class: "status", role: "status", hidden: "" });
  var log = el("div", { class: "log", role: "log", "aria-live": "polite", "aria-label": T.title });
  var announcer = el("div", { class: "sr", "aria-live": "assertive" });
  var privacy = el("p", { class: "privacy" }, T.privacy);
  var form = el("form", { class: "composer" });
  var label = el("label", { class: "sr", for: "input" }, T.input);
  var input = el("textarea", { id: "input", placeholder: T.placeholder, "aria-label": T.input, rows: "1" });
  var sendButton = el("button", { id: "send", type: "submit" }, T.send);
  form.appendChild(label);
  form.appendChild(input);
  form.appendChild(sendButton);
  var crisis = el("p", { class: "crisis" }, T.crisis);
  [header, status, log, privacy, form, crisis, announcer].forEach(function (n) { panel.appendChild(n); });
  root.appendChild(panel);
  if (MODE === "float") {
    root.appendChild(launcher);
    panel.hidden = store.get("open") !== "1";
    launcher.hidden = !panel.hidden;
  }
  function setOpen(open) {
    panel.hidden = !open;
    launcher.hidden = open;
    launcher.setAttribute("aria-expanded", String(open));
    store.set("open", open ? "1" : "0");
    if (open) { input.focus(); scrollDown(); } else launcher.focus();
  }
  launcher.addEventListener("click", function () { setOpen(true); });
  closer.addEventListener("click", function () { setOpen(false); });

  function scrollDown() { log.scrollTop = log.scrollHeight; }

  // Web addresses and the 123xx hotlines in the bot's text become links (tel: on a phone); the rest is text.
  var LINK = /(https?:\/\/[A-Za-z0-9._~:\/?#@!$&'*+,;=%-]+|(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:gov\.cn|org\.cn|com\.cn|cn|com)(?:\/[A-Za-z0-9._~\/?#=&%-]*)?|\b123\d\d\b)/g;
  function rich(name, attrs, text) {
    var node = el(name, attrs);
    var str = String(text || ""), last = 0, m;
    LINK.lastIndex = 0;
    while ((m = LINK.exec(str)) !== null) {
      node.appendChild(document.createTextNode(str.slice(last, m.index)));
      var v = m[0], href = /^\d+$/.test(v) ? "tel:" + v : (/^https?:/.test(v) ? v : "https://" + v);
      node.appendChild(el("a", { href: href, target: "_blank", rel: "noopener noreferrer" }, v));
      last = m.index + v.length;
    }
    node.appendChild(document.createTextNode(str.slice(last)));
    return node;
  }

  // --- rendering ---
  var typing = null;
  function showTyping(on) {
    if (on && !typing) { typing = el("div", { class: "typing", "aria-hidden": "true" }, T.typing); log.appendChild(typing); }
    if (!on && typing) { typing.remove(); typing = null; }
    if (typing) log.appendChild(typing);
    scrollDown();
  }
  function addMine(text, queued) {
    var div = el("div", { class: "msg me" + (queued ? " queued" : "") }, text);
    if (queued) div.appendChild(el("span", { class: "q" }, T.queued));
    log.appendChild(div);
    return div;
  }
  function addButtons(buttons) {
    var row = el("div", { class: "buttons", role: "group" });
    buttons.forEach(function (b) {
      if (!b || typeof b.title !== "string" || typeof b.payload !== "string") return;
      var btn = el("button", { type: "button" }, b.title);
      btn.addEventListener("click", function () { say(b.payload, b.title); });
      row.appendChild(btn);
    });
    if (row.childNodes.length) log.appendChild(row);
  }
  function paragraphs(parent, text) {
    String(text || "").split(/\n{2,}/).forEach(function (p) { if (p.trim()) parent.appendChild(rich("p", null, p)); });
  }
  function addAnswer(parts) {
    var div = el("div", { class: "msg bot answer" });
    div.appendChild(rich("p", { class: "short" }, parts.short));
    if (parts.detail || (parts.steps && parts.steps.length)) {
      var detail = el("details", { class: "detail" });
      detail.appendChild(el("summary", null, T.detail));
      paragraphs(detail, parts.detail);
      if (parts.steps && parts.steps.length) {
        detail.appendChild(el("p", null, T.steps));
        var ol = el("ol");
        parts.steps.forEach(function (s) { ol.appendChild(rich("li", null, s)); });
        detail.appendChild(ol);
      }
      div.appendChild(detail);
    }
    if (parts.sources) {
      var src = el("details", { class: "sources" });
      src.appendChild(el("summary", null, T.sources));
      src.appendChild(rich("p", { class: "src" }, parts.sources));
      div.appendChild(src);
    }
    log.appendChild(div);
    return parts.short;
  }
  var fmt = function (n) { return Number(n).toLocaleString("zh-CN", { minimumFractionDigits: 2, maximumFractionDigits: 2 }); };
  var SVG = "http://www.w3.org/2000/svg";
  function svgEl(name, attrs, text) {
    var node = document.createElementNS(SVG, name);
    for (var k in attrs) node.setAttribute(k, attrs[k]);
    if (text !== undefined) node.textContent = text;
    return node;
  }
  // Options as a table, then each option's highest payment as a bar against the affordable line.
  function addPlan(plan) {
    var box = el("figure", { class: "plan", "data-kind": "repayment_plan" });
    var table = el("table");
    var head = el("tr");
    T.planHead.forEach(function (h) { head.appendChild(el("th", { scope: "col" }, h)); });
    var thead = el("thead");
    thead.appendChild(head);
    table.appendChild(thead);
    var body = el("tbody");
    plan.rows.forEach(function (r) {
      var tr = el("tr", r.recommended ? { class: "recommended" } : null);
      var fit = r.affordable === null ? "" : (r.affordable ? T.planYes : T.planNo);
      [r.label + (r.recommended ? T.planRecommended : ""), fmt(r.payment) + (r.months ? "" : T.planOnce),
        fmt(r.total_interest), fmt(r.total_paid), fit].forEach(function (c, i) {
        var td = el("td", null, c);
        if (i === 4 && r.affordable !== null) td.className = r.affordable ? "yes" : "no";
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    table.appendChild(body);
    box.appendChild(table);
    var W = 460, rowH = 30, left = 130, right = 20, top = 10;
    var H = top + plan.rows.length * rowH + 26;
    // One-off payments dwarf instalments; the scale stops at 3x the line and longer bars are cut.
    var scaleMax = Math.max.apply(null, [plan.limit * 3, 1].concat(plan.rows.filter(function (r) { return r.months; })
      .map(function (r) { return r.payment; })));
    var x = function (v) { return left + Math.min(v, scaleMax) / scaleMax * (W - left - right); };
    var svg = svgEl("svg", { viewBox: "0 0 " + W + " " + H, role: "img", "aria-label": T.planAria });
    plan.rows.forEach(function (r, i) {
      var y = top + i * rowH;
      svg.appendChild(svgEl("text", { x: 0, y: y + 18, "font-size": 12 }, r.label));
      svg.appendChild(svgEl("rect", { x: left, y: y + 5, width: Math.max(2, x(r.payment) - left), height: 18, rx: 3,
        fill: r.affordable === false ? "#d98c8c" : "#4c9f87", "data-payment": r.payment }));
      var cut = r.payment > scaleMax ? "…" : "";
      svg.appendChild(svgEl("text", { x: Math.min(x(r.payment) + 4, W - 60), y: y + 18, "font-size": 11 }, fmt(r.payment) + cut));
    });
    if (plan.limit > 0) {
      var lx = x(plan.limit);
      svg.appendChild(svgEl("line", { x1: lx, x2: lx, y1: top, y2: H - 20, stroke: "#1d2421", "stroke-dasharray": "4 3", class: "limit" }));
      svg.appendChild(svgEl("text", { x: Math.max(left, lx - 60), y: H - 6, "font-size": 11 }, T.planLimit + fmt(plan.limit)));
    }
    box.appendChild(svg);
    box.appendChild(el("figcaption", null, plan.limit > 0 ? T.planCaption : T.planNoMargin));
    log.appendChild(box);
    return plan.text || "";
  }
  // Several debts: the table, then each lender's balance month by month as a line (no chart when it cannot work).
  var COLORS = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#7a5c00", "#56606b"];
  function addDebtsPlan(p) {
    var box = el("figure", { class: "plan debts", "data-kind": "several_debts_plan" });
    var table = el("table");
    table.appendChild(el("caption", null, T.debts));
    var head = el("tr");
    p.head.forEach(function (h) { head.appendChild(el("th", { scope: "col" }, h)); });
    table.appendChild(el("thead")).appendChild(head);
    var body = table.appendChild(el("tbody"));
    p.rows.forEach(function (r) {
      var tr = body.appendChild(el("tr"));
      r.forEach(function (c, i) { tr.appendChild(el(i ? "td" : "th", i ? null : { scope: "row" }, c)); });
    });
    box.appendChild(table);
    var series = p.series || [];
    if (series.length) {
      var W = 460, L = 52, R = 12, top = 22, bottom = 190, n = 1, max = 1;
      series.forEach(function (s) { n = Math.max(n, s.balances.length); max = Math.max.apply(null, [max].concat(s.balances)); });
      var x = function (m) { return (L + m / Math.max(n - 1, 1) * (W - L - R)).toFixed(1); };
      var y = function (v) { return (bottom - v / max * (bottom - top)).toFixed(1); };
      var H = bottom + 34 + Math.ceil(series.length / 2) * 18;
      var svg = svgEl("svg", { viewBox: "0 0 " + W + " " + H, role: "img",
        "aria-label": T.debtsAria + series.map(function (s) { return s.name; }).join("、") });
      [0, 0.5, 1].forEach(function (f) {
        svg.appendChild(svgEl("line", { x1: L, x2: W - R, y1: y(max * f), y2: y(max * f), stroke: f ? "#e3e8e6" : "#4d5a55", class: f ? "grid" : "axis" }));
        svg.appendChild(svgEl("text", { x: L - 4, y: +y(max * f) + 4, "font-size": 10, "text-anchor": "end" }, Math.round(max * f).toLocaleString("zh-CN")));
      });
      var step = n > 13 ? Math.ceil((n - 1) / 30) * 6 : 1;
      for (var m = 0; m < n; m += step) svg.appendChild(svgEl("text", { x: x(m), y: bottom + 14, "font-size": 10, "text-anchor": "middle" }, m));
      svg.appendChild(svgEl("text", { x: 0, y: 12, "font-size": 11 }, T.debtsY));
      svg.appendChild(svgEl("text", { x: W - R, y: bottom + 28, "font-size": 11, "text-anchor": "end" }, T.debtsX));
      series.forEach(function (s, i) {
        var c = COLORS[i % COLORS.length], lx = 8 + (i % 2) * 200, ly = bottom + 46 + Math.floor(i / 2) * 18;
        svg.appendChild(svgEl("polyline", { class: "series", stroke: c, "data-name": s.name,
          points: s.balances.map(function (v, k) { return x(k) + "," + y(v); }).join(" ") }));
        svg.appendChild(svgEl("line", { x1: lx, x2: lx + 18, y1: ly - 4, y2: ly - 4, stroke: c, "stroke-width": 3 }));
        svg.appendChild(svgEl("text", { x: lx + 24, y: ly, "font-size": 12, class: "legend" }, s.name));
      });
      box.appendChild(svg);
      box.appendChild(el("figcaption", null, T.debtsNote));
    } else if (p.shortfall > 0) box.appendChild(el("figcaption", { class: "no shortfall" }, T.debtsShort.join(fmt(p.shortfall))));
    log.appendChild(box);
    return p.text || "";
  }
  // One bot message as the server sends it: text, quick_replies or buttons, custom (parts or a plan).
  function addBot(m, live) {
    var custom = m.custom;
    var spoken;
    if (custom && custom.kind === "answer" && typeof custom.short === "string") spoken = addAnswer(custom);
    else if (custom && custom.kind === "repayment_plan" && Array.isArray(custom.rows)) spoken = addPlan(custom);
    else if (custom && custom.kind === "several_debts_plan" && Array.isArray(custom.rows)) spoken = addDebtsPlan(custom);
    else if (m.text && m.agent) {  // a person's reply during a hand-over
      var said = rich("div", { class: "msg bot agent" }, m.text);
      said.insertBefore(el("span", { class: "who" }, T.agent), said.firstChild);
      log.appendChild(said);
      spoken = T.agent + "：" + m.text;
    } else if (m.text) { log.appendChild(rich("div", { class: "msg bot" }, m.text)); spoken = m.text; }
    var buttons = m.buttons || (m.quick_replies || []).map(function (q) { return { title: q.title, payload: q.payload }; });
    if (buttons.length) addButtons(buttons);
    if (live && spoken) announcer.textContent = T.announce + spoken;
    scrollDown();
  }

  // --- outbox: what the user sent that the server has not acknowledged ---
  function loadOutbox() { try { return JSON.parse(store.get("outbox") || "[]"); } catch (e) { return []; } }
  var outbox = loadOutbox();
  function saveOutbox() { store.set("outbox", JSON.stringify(outbox)); }
  function newId() { return Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 10); }

  function say(payload, shown) {
    var item = { cid: newId(), message: payload, shown: shown || payload };
    outbox.push(item);
    saveOutbox();
    item.node = addMine(item.shown, !ready);
    scrollDown();
    if (ready) transmit(item);
  }
  function transmit(item) {
    showTyping(true);
    emit("user_uttered", { message: item.message, cid: item.cid, metadata: { client: "web" } }, function () {
      outbox = outbox.filter(function (o) { return o.cid !== item.cid; });
      saveOutbox();
      if (!outbox.length) showTyping(false);
    });
  }

  // --- Engine.IO 4 / Socket.IO 5 over WebSocket ---
  var ws = null, ready = false, attempt = 0, pingTimer = null, retryTimer = null, acks = {}, ackId = 0;
  function setStatus(text) { status.textContent = text || ""; status.hidden = !text; }
  function emit(event, data, ack) {
    if (!ws || ws.readyState !== 1) return false;
    var id = "";
    if (ack) { id = String(++ackId); acks[id] = ack; }
    ws.send("42" + id + JSON.stringify([event, data]));
    return true;
  }
  function watchdog(ms) {
    clearTimeout(pingTimer);
    pingTimer = setTimeout(function () { if (ws) ws.close(); }, ms);
  }
  var pingWait = 45000;
  function onPacket(data) {
    var type = data.charAt(0), rest = data.slice(1);
    if (type === "0") {  // connected to the namespace: say who we are; `history` follows
      attempt = 0;
      setStatus("");
      emit("session_request", { session_id: store.get("session") });
    } else if (type === "2") {
      var body = JSON.parse(rest), event = body[0], arg = body[1];
      if (event === "session_confirm" && typeof arg === "string") store.set("session", arg);
      else if (event === "history") onHistory((arg && arg.messages) || []);
      else if (event === "bot_uttered" && arg) { addBot(arg, true); showTyping(outbox.length > 0); }
    } else if (type === "3") {
      var m = /^(\d+)/.exec(rest);
      if (m && acks[m[1]]) { var f = acks[m[1]]; delete acks[m[1]]; f(); }
    } else if (type === "4") {
      setStatus(T.offline);
    }
  }
  function onHistory(messages) {
    ready = true;
    log.textContent = "";
    typing = null;
    var stored = {};
    messages.forEach(function (m) { if (m.cid) stored[m.cid] = true; });
    outbox = outbox.filter(function (item) { return !stored[item.cid]; });  // it arrived before the drop
    saveOutbox();
    if (!messages.length) log.appendChild(el("div", { class: "msg bot greeting" }, T.greeting));
    messages.forEach(function (m) { if (m.from === "user") addMine(m.text); else addBot(m, false); });
    // What was typed but never acknowledged goes out now, once (the server ignores an id it has seen).
    outbox.forEach(function (item) { item.node = addMine(item.shown, false); transmit(item); });
    scrollDown();
  }
  function connect() {
    clearTimeout(retryTimer);
    if (ws) return;
    if (navigator.onLine === false) { setStatus(T.offline); return; }
    var url = BASE.replace(/^http/, "ws") + "/socket.io/?EIO=4&transport=websocket";
    var sock;
    try { sock = new WebSocket(url); } catch (e) { schedule(); return; }
    ws = sock;
    sock.onmessage = function (ev) {
      if (typeof ev.data !== "string") return;
      var type = ev.data.charAt(0);
      if (type === "0") {  // Engine.IO open: ping rhythm, then join the namespace
        try { var o = JSON.parse(ev.data.slice(1)); pingWait = (o.pingInterval || 25000) + (o.pingTimeout || 20000); } catch (e) { /* defaults */ }
        watchdog(pingWait);
        sock.send("40");
      } else if (type === "2") { watchdog(pingWait); sock.send("3"); }
      else if (type === "4") { try { onPacket(ev.data.slice(1)); } catch (e) { /* a malformed packet is dropped */ } }
      else if (type === "1") sock.close();
    };
    sock.onclose = function () {
      if (ws !== sock) return;
      ws = null; ready = false; acks = {};
      clearTimeout(pingTimer);
      showTyping(false);
      setStatus(T.offline);
      schedule();
    };
    sock.onerror = function () { try { sock.close(); } catch (e) { /* closing anyway */ } };
  }
  function schedule() {
    clearTimeout(retryTimer);
    var delay = Math.min(15000, 1000 * Math.pow(2, attempt++));
    retryTimer = setTimeout(connect, delay);
  }
  window.addEventListener("offline", function () { setStatus(T.offline); if (ws) ws.close(); });
  window.addEventListener("online", function () { attempt = 0; connect(); });

  // --- composing ---
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    input.value = "";
    say(text);
  });
  input.addEventListener("keydown", function (ev) {
    // Enter sends; not while an IME is composing (拼音 candidates are confirmed with Enter), not with Shift.
    if (ev.key === "Enter" && !ev.shiftKey && !ev.isComposing && ev.keyCode !== 229) {
      ev.preventDefault();
      if (form.requestSubmit) form.requestSubmit(); else form.dispatchEvent(new Event("submit", { cancelable: true }));
    }
  });
  human.addEventListener("click", function () { say(T.humanPayload, T.human); });

  setStatus(T.connecting);
  connect();
})();
