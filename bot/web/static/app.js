/* The Resonance dashboard (issue 29): one request with Telegram's signed initData, then the
   page is drawn from the answer. Works without telegram-web-app.js: Telegram also passes the
   initData and theme in the address's fragment. No framework, no third-party host. */
(function () {
  "use strict";
  var tg = window.Telegram && window.Telegram.WebApp;
  var fragment = new URLSearchParams(location.hash.slice(1));
  var COMPONENT_COLOURS = ["var(--c0)", "var(--c1)", "var(--c2)", "var(--c3)", "var(--c4)"];
  var SVG = "http://www.w3.org/2000/svg";

  function initData() {
    return (tg && tg.initData) || fragment.get("tgWebAppData") || "";
  }

  function theme() {
    if (tg && tg.themeParams && Object.keys(tg.themeParams).length) return tg.themeParams;
    try { return JSON.parse(fragment.get("tgWebAppThemeParams") || "null"); } catch (e) { return null; }
  }

  function applyTheme() {
    var t = theme();
    if (!t) return;
    var map = { bg_color: "--bg", secondary_bg_color: "--card", text_color: "--ink",
                hint_color: "--muted", link_color: "--accent" };
    Object.keys(map).forEach(function (key) {
      if (typeof t[key] === "string" && /^#[0-9a-fA-F]{3,8}$/.test(t[key])) {
        document.documentElement.style.setProperty(map[key], t[key]);
      }
    });
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function html(tag, attrs, markup) {  /* markup the server built and escaped */
    var node = el(tag, attrs);
    node.innerHTML = markup;
    return node;
  }

  function say(text) {
    var main = document.getElementById("app");
    main.textContent = "";
    main.appendChild(el("p", { id: "status", class: "muted" }, text));
  }

  function change(label, value) {
    var span = el("span", {}, label + " ");
    var v = el("b", { class: value && value[0] === "+" ? "up" : value && value[0] === "−" ? "down" : "" },
               value || "–");
    span.appendChild(v);
    return span;
  }

  var language = "en";

  function decimal(value) {
    return value.toLocaleString(language, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  }

  function chart(data, detail) {
    var days = data.history;
    var ids = Object.keys(data.names);
    var width = 360, height = 150;
    var top = Math.max(10, Math.min(100, Math.max.apply(null, days.map(function (d) { return d.total; }).concat([1])) * 1.15));
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 " + width + " " + height);
    svg.setAttribute("class", "history");
    svg.setAttribute("role", "img");
    /* each day where it falls, the newest at the right edge: a day without a score (the bot
       was away) is a gap, not squeezed out; a day at most 24 wide */
    var newest = days.length ? Date.parse(days[days.length - 1].day) : 0;
    function back(day) { return Math.round((newest - Date.parse(day.day)) / 86400000); }
    var step = Math.min(width / (days.length ? back(days[0]) + 1 : 1), 24);
    function left(day) { return width - step * (back(day) + 1); }
    days.forEach(function (day, i) {
      var y = height;
      ids.forEach(function (id, k) {
        var value = day.channels[id] || 0;
        if (value <= 0) return;
        var h = value / top * height;
        y -= h;
        var part = document.createElementNS(SVG, "rect");
        part.setAttribute("x", (left(day) + step * 0.1).toFixed(1));
        part.setAttribute("y", y.toFixed(1));
        part.setAttribute("width", Math.max(step * 0.8, 1).toFixed(1));
        part.setAttribute("height", h.toFixed(1));
        part.style.fill = COMPONENT_COLOURS[k % COMPONENT_COLOURS.length];
        part.style.opacity = "0.85";
        svg.appendChild(part);
      });
      var hit = document.createElementNS(SVG, "rect");
      hit.setAttribute("class", "day");
      hit.setAttribute("data-day", day.day);
      hit.setAttribute("x", left(day).toFixed(1));
      hit.setAttribute("y", "0");
      hit.setAttribute("width", step.toFixed(1));
      hit.setAttribute("height", String(height));
      hit.setAttribute("fill", "transparent");
      hit.addEventListener("click", function () { pick(i); });
      svg.appendChild(hit);
    });
    var line = document.createElementNS(SVG, "polyline");
    line.setAttribute("points", days.map(function (d, i) {
      return (left(d) + step / 2).toFixed(1) + "," + (height - d.total / top * height).toFixed(1);
    }).join(" "));
    line.style.fill = "none";
    line.style.stroke = "var(--ink)";
    line.style.strokeWidth = "2";
    line.setAttribute("pointer-events", "none");
    svg.appendChild(line);

    function pick(i) {
      var day = days[i];
      Array.prototype.forEach.call(svg.querySelectorAll("rect.day"), function (r, k) {
        r.setAttribute("class", k === i ? "day picked" : "day");
      });
      detail.textContent = "";
      detail.appendChild(el("div", { class: "day-line" }, day.text));
      var list = el("ul", {});
      ids.forEach(function (id) {
        var value = day.channels[id];
        if (!value) return;
        var share = day.total > 0 ? Math.round(100 * value / day.total) : 0;
        var li = el("li", { class: "row small" });
        li.appendChild(el("span", {}, data.names[id]));
        li.appendChild(el("span", { class: "pts" }, decimal(value) + " · " + share + " %"));
        list.appendChild(li);
      });
      detail.appendChild(list);
    }
    if (days.length) pick(days.length - 1);
    return svg;
  }

  function channelItem(data, c, most) {
    var li = el("li", {});
    var row = el("div", { class: "row" });
    row.appendChild(el("span", {}, c.name));
    row.appendChild(el("span", { class: "pts" }, c.points));
    li.appendChild(row);
    var marks = [];
    if (c.verified) marks.push(data.labels.verified);
    if (c.self_written) marks.push(data.labels.self_written);
    if (c.stale) marks.push(data.labels.stale);
    if (marks.length) li.appendChild(el("div", { class: "marks" }, marks.join(" · ")));
    if (c.jump) li.appendChild(el("div", { class: "muted small jump" }, c.jump));
    var bar = el("div", { class: "bar", role: "img", "aria-label": c.name });
    c.components.forEach(function (part, k) {
      if (part[1] <= 0) return;
      var span = el("span", { title: data.components[part[0]] + " " + part[2] });
      span.style.width = (100 * part[1] / most).toFixed(2) + "%";
      span.style.background = COMPONENT_COLOURS[k];
      bar.appendChild(span);
    });
    li.appendChild(bar);
    return li;
  }

  function render(data) {
    language = data.lang || "en";
    document.documentElement.lang = language;
    var L = data.labels;
    document.title = L.title;
    var main = document.getElementById("app");
    main.textContent = "";
    main.appendChild(el("h1", {}, L.title));
    if (data.empty) {
      main.appendChild(el("p", { id: "status" }, L.empty));
      return;
    }
    var head = el("section", { class: "score", id: "score" });
    head.appendChild(el("span", { class: "value" }, data.score.text));
    var changes = el("span", { class: "changes" });
    changes.appendChild(change(L.week, data.score.week));
    changes.appendChild(change(L.month, data.score.month));
    head.appendChild(changes);
    main.appendChild(head);
    main.appendChild(el("p", { class: "muted small" }, data.score.line));

    main.appendChild(el("h2", {}, L.history));
    var history = el("section", { class: "card", id: "history" });
    var detail = el("div", { id: "day", class: "small" });
    history.appendChild(chart(data, detail));
    history.appendChild(el("div", { class: "muted small" }, L.tap));
    history.appendChild(detail);
    main.appendChild(history);

    main.appendChild(el("h2", {}, L.channels));
    var channels = el("section", { class: "card" });
    var list = el("ul", { class: "plain", id: "channels" });
    var most = Math.max.apply(null, data.channels.map(function (c) { return c.value; }).concat([0.01]));
    data.channels.forEach(function (c) { list.appendChild(channelItem(data, c, most)); });
    channels.appendChild(list);
    var legend = el("div", { class: "legend" });
    Object.keys(data.components).forEach(function (key, k) {
      var item = el("span", {});
      var swatch = el("i", {});
      swatch.style.background = COMPONENT_COLOURS[k];
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(data.components[key]));
      legend.appendChild(item);
    });
    channels.appendChild(legend);
    main.appendChild(channels);

    main.appendChild(el("h2", {}, L.posts));
    var posts = el("ul", { class: "plain card", id: "posts" });
    if (!data.posts.length) posts.appendChild(el("li", { class: "muted" }, L.no_posts));
    data.posts.forEach(function (p) {
      var li = el("li", {});
      var text = p.url ? el("a", { href: p.url, target: "_blank", rel: "noopener noreferrer" }, p.text)
                       : el("span", {}, p.text);
      if (p.url && tg && tg.openLink) {
        text.addEventListener("click", function (e) { e.preventDefault(); tg.openLink(p.url); });
      }
      li.appendChild(text);
      li.appendChild(el("div", { class: "muted small" }, p.channel + " · " + p.value));
      posts.appendChild(li);
    });
    main.appendChild(posts);

    main.appendChild(el("h2", {}, L.tips));
    var tips = el("ol", { class: "tips", id: "tips" });
    if (!data.tips.length) main.appendChild(el("p", { class: "muted" }, L.no_tips));
    data.tips.forEach(function (t) { tips.appendChild(html("li", {}, t)); });
    main.appendChild(tips);

    main.appendChild(el("h2", {}, L.settings));
    var settings = el("ul", { class: "plain card small", id: "settings" });
    lines(settings, data.settings);
    main.appendChild(settings);
    if (data.form) main.appendChild(form(data.form, settings));
    main.appendChild(el("p", { class: "muted small" }, L.settings_hint));
    if (window.performance && performance.mark) performance.mark("dashboard-drawn");
  }

  function lines(list, settings) {
    list.textContent = "";
    settings.forEach(function (s) { list.appendChild(html("li", {}, s)); });
  }

  function save(name, value, list, note) {
    note.textContent = "…";
    fetch("/api/settings", {
      method: "POST", cache: "no-store",
      headers: { Authorization: "tma " + initData(), "Content-Type": "application/json" },
      body: JSON.stringify({ name: name, value: value })
    }).then(function (response) {
      return response.json().then(function (body) { return { ok: response.ok, body: body }; });
    }).then(function (answer) {
      if (!answer.ok) { note.textContent = answer.body.message || "…"; return; }
      if (name === "language") { start(); return; }  /* every word changes */
      lines(list, answer.body.settings);
      note.textContent = answer.body.form.labels.saved;
    }).catch(function () { note.textContent = "…"; });
  }

  function form(f, list) {
    var box = el("section", { class: "card small form", id: "settings-form" });
    var note = el("div", { class: "muted", id: "saved", "aria-live": "polite" });
    function row(name, control) {
      var label = el("label", { class: "row" });
      label.appendChild(el("span", {}, f.labels[name]));
      label.appendChild(control);
      box.appendChild(label);
    }
    function check(name) {
      var box_ = el("input", { type: "checkbox", name: name });
      box_.checked = !!f.values[name];
      box_.addEventListener("change", function () { save(name, box_.checked, list, note); });
      row(name, box_);
    }
    check("digest");  /* first: its day and hour follow */
    ["digest_day", "digest_hour", "threshold", "quiet", "language"].forEach(function (name) {
      var select = el("select", { name: name });
      f.options[name].forEach(function (option) {
        var item = el("option", { value: String(option[0]) }, option[1]);
        if (String(option[0]) === String(f.values[name])) item.selected = true;
        select.appendChild(item);
      });
      select.addEventListener("change", function () {
        save(name, name === "language" ? select.value : parseInt(select.value, 10), list, note);
      });
      row(name, select);
    });
    ["alerts", "reminders", "share"].forEach(check);
    box.appendChild(note);
    return box;
  }

  function start() {
    applyTheme();
    if (tg && tg.ready) { tg.ready(); if (tg.expand) tg.expand(); }
    fetch("/api/dashboard", { headers: { Authorization: "tma " + initData() }, cache: "no-store" })
      .then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; });
      })
      .then(function (answer) {
        if (answer.ok) render(answer.body);
        else say(answer.body.message || "…");
      })
      .catch(function () {  /* no answer at all, so no words from the server: the page's own */
        var german = /^de\b/.test(navigator.language || "");
        say(german ? "Die Übersicht konnte nicht geladen werden. Versuche es in einer Minute noch einmal."
                   : "The dashboard could not be loaded. Try again in a minute.");
      });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
