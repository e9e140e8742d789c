// Facteur deliverability toolkit page. Every value from the server is inserted with textContent,
// never as HTML, because it may carry text from hostile DNS answers, servers or messages.
"use strict";

const $ = (id) => document.getElementById(id);
const result = $("result");
const status = $("status");

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v; else e.setAttribute(k, v);
  }
  for (const c of children) {
    if (c === null || c === undefined) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

function selectTab(name) {
  for (const b of document.querySelectorAll("nav button")) {
    b.setAttribute("aria-selected", String(b.dataset.tab === name));
  }
  for (const s of document.querySelectorAll(".tab")) s.hidden = s.id !== "tab-" + name;
}

async function call(url, options) {
  status.textContent = "Checking… this can take a few seconds (DNS and live connections).";
  result.replaceChildren();
  try {
    const response = await fetch(url, options);
    const body = await response.json();
    status.textContent = "";
    if (!response.ok && response.status !== 202) {
      result.replaceChildren(el("div", {class: "summary verdict-undeliverable"}, body.error || ("HTTP " + response.status)));
      return null;
    }
    return body;
  } catch (e) {
    status.textContent = "";
    result.replaceChildren(el("div", {class: "summary verdict-unknown"}, "The check could not be run: " + e.message));
    return null;
  }
}

function renderReport(report) {
  const counts = {ok: 0, warn: 0, error: 0};
  for (const f of report.findings) counts[f.severity]++;
  const box = el("div", {id: "report"});
  box.append(el("div", {class: "summary " + report.worst, "data-worst": report.worst},
      report.subject + ": " + counts.error + " error(s), " + counts.warn + " warning(s), " + counts.ok + " ok"));
  let area = null;
  for (const f of report.findings) {
    if (f.area !== area) {
      area = f.area;
      box.append(el("h2", {class: "area"}, area));
    }
    box.append(el("div", {class: "finding " + f.severity, "data-code": f.code},
        el("span", {class: "sev"}, f.severity), f.explanation, el("span", {class: "code"}, "[" + f.code + "]"),
        f.fix ? el("div", {class: "fix"}, f.fix) : null));
  }
  return box;
}

function renderServer(r) {
  const table = el("table", {}, el("tr", {}, ...["service", "port", "security", "TLS", "versions offered", "auth before TLS", "auth after TLS", "login"].map((h) => el("th", {}, h))));
  for (const p of r.ports) {
    const offered = (p.tlsOffered || []).map((o) => o.version + (o.deprecated ? " (deprecated)" : "")).join(", ");
    table.append(el("tr", {}, ...[p.service, p.port, p.security, p.tls.join("; "), offered, p.saslBeforeTls.join(" "), p.saslAfterTls.join(" "), p.login].map((v) => el("td", {}, v))));
  }
  const suites = el("table", {id: "suites"}, el("tr", {}, ...["service", "port", "version", "cipher suites (server's order)"].map((h) => el("th", {}, h))));
  for (const p of r.ports) {
    for (const o of p.tlsOffered || []) {
      const list = el("td", {});
      for (const s of o.suites) {
        list.append(el("span", {class: "suite " + s.strength, title: s.strength}, s.name), " ");
      }
      suites.append(el("tr", {class: o.deprecated ? "deprecated" : ""}, el("td", {}, p.service), el("td", {}, p.port), el("td", {}, o.version), list));
    }
  }
  const settings = el("table", {id: "settings"}, el("tr", {}, ...["protocol", "server", "port", "security", "authentication"].map((h) => el("th", {}, h))));
  for (const s of r.settings) {
    settings.append(el("tr", {}, ...[s.protocol, s.host, s.port, s.security, s.authentication].map((v) => el("td", {}, v))));
  }
  return el("div", {}, renderReport(r.report), el("h2", {class: "area"}, "ports"), table, el("h2", {class: "area"}, "TLS versions and cipher suites"), suites,
      el("h2", {class: "area"}, "settings for your mail client"), settings);
}

function renderAnalysis(a) {
  const hops = el("table", {id: "hops"}, el("tr", {}, ...["#", "from", "by", "IP", "with", "time", "delay"].map((h) => el("th", {}, h))));
  for (const h of a.hops) {
    hops.append(el("tr", {}, ...[h.number, h.from, h.by, h.ip, h.protocol, h.time, h.delayKnown ? h.delaySeconds + " s" : ""].map((v) => el("td", {}, v))));
  }
  const auth = el("table", {}, el("tr", {}, ...["", "method", "result", "detail"].map((h) => el("th", {}, h))));
  for (const r of a.recorded) auth.append(el("tr", {}, el("td", {}, "recorded by " + r.authservId), el("td", {}, r.method), el("td", {}, r.result), el("td", {}, r.detail)));
  for (const r of a.now) auth.append(el("tr", {}, el("td", {}, "re-checked now"), el("td", {}, r.method), el("td", {}, r.result), el("td", {}, r.detail)));
  return el("div", {}, el("h2", {class: "area"}, "path"), hops, el("h2", {class: "area"}, "authentication"), auth, renderReport(a.report));
}

function describe(e) {
  if (e.kind === "dns") return "DNS " + e.name + " " + e.type + " → " + e.answer;
  if (e.kind === "smtp") return "SMTP " + e.host + " " + (e.command || "(banner)") + " → " + e.code + " " + e.enhancedStatus + " " + e.text;
  return e.text;
}

function renderVerdict(r) {
  const flags = ["disposable", "role", "freeProvider", "catchAll"].filter((f) => r[f]);
  return el("div", {id: "verdict"},
      el("div", {class: "summary verdict-" + r.verdict, "data-verdict": r.verdict}, r.input + ": " + r.verdict + " (" + r.reason.replaceAll("_", " ") + ")"),
      flags.length ? el("p", {}, "Flags: " + flags.join(", ")) : null,
      el("h2", {class: "area"}, "evidence"),
      el("ul", {class: "evidence"}, ...r.evidence.map((e) => el("li", {}, describe(e)))));
}

function renderJob(j) {
  if (j.status !== "done") {
    return el("div", {}, el("p", {}, "Verifying " + j.done + " of " + j.total + " …"), el("progress", {max: String(j.total), value: String(j.done)}));
  }
  const table = el("table", {id: "bulk-results"}, el("tr", {}, ...["address", "verdict", "reason"].map((h) => el("th", {}, h))));
  for (const r of j.results) {
    table.append(el("tr", {}, el("td", {}, r.input), el("td", {class: "verdict-" + r.verdict}, r.verdict), el("td", {}, r.reason.replaceAll("_", " "))));
  }
  const s = j.summary;
  return el("div", {}, el("div", {class: "summary verdict-unknown"},
      "deliverable " + s.deliverable + " · risky " + s.risky + " · undeliverable " + s.undeliverable + " · unknown " + s.unknown
      + " · coverage " + Math.round(j.coverage * 1000) / 10 + "%"), table);
}

async function pollJob(job) {
  let j = job;
  while (j && j.status === "running") {
    result.replaceChildren(renderJob(j));
    await new Promise((r) => setTimeout(r, 500));
    j = await fetch("/api/verify/jobs/" + encodeURIComponent(j.id)).then((r) => r.json());
  }
  if (j) result.replaceChildren(j.status === "done" ? renderJob(j) : el("div", {class: "summary verdict-unknown"}, "The job failed."));
}

const actions = {
  async domain(name) {
    const params = new URLSearchParams({name: name});
    const selector = $("domain-selector").value.trim();
    if (selector) params.append("selector", selector);
    if (!$("domain-smtp").checked) params.append("smtp", "false");
    const r = await call("/api/check/domain?" + params);
    if (r) result.replaceChildren(renderReport(r));
  },
  async server(host) {
    const r = await call("/api/check/server?" + new URLSearchParams({host: host}));
    if (r) result.replaceChildren(renderServer(r));
  },
  async verify(address) {
    const r = await call("/api/verify?" + new URLSearchParams({address: address}));
    if (r) result.replaceChildren(renderVerdict(r));
  },
};

$("form-domain").addEventListener("submit", (e) => { e.preventDefault(); location.hash = "domain=" + encodeURIComponent($("domain-name").value.trim()); });
$("form-server").addEventListener("submit", (e) => { e.preventDefault(); location.hash = "server=" + encodeURIComponent($("server-host").value.trim()); });
$("form-verify").addEventListener("submit", (e) => { e.preventDefault(); location.hash = "verify=" + encodeURIComponent($("verify-address").value.trim()); });
$("form-message").addEventListener("submit", async (e) => {
  e.preventDefault();
  const r = await call("/api/analyze", {method: "POST", headers: {"Content-Type": "message/rfc822"}, body: $("message-text").value});
  if (r) result.replaceChildren(renderAnalysis(r));
});
$("form-bulk").addEventListener("submit", async (e) => {
  e.preventDefault();
  const file = $("bulk-file").files[0];
  const body = file ? await file.text() : $("bulk-text").value;
  const job = await call("/api/verify/jobs", {method: "POST", headers: {"Content-Type": "text/csv"}, body: body});
  if (job) await pollJob(job);
});
$("bulk-text").required = true;
$("bulk-file").addEventListener("change", () => { $("bulk-text").required = !$("bulk-file").files.length; });
for (const b of document.querySelectorAll("nav button")) b.addEventListener("click", () => selectTab(b.dataset.tab));

// Deep links: #domain=example.com, #server=mail.example.com, #verify=a@example.com run the check.
function route() {
  const m = /^#(domain|server|verify)=(.+)$/.exec(location.hash);
  if (!m) return;
  const value = decodeURIComponent(m[2]);
  selectTab(m[1]);
  ({domain: $("domain-name"), server: $("server-host"), verify: $("verify-address")})[m[1]].value = value;
  actions[m[1]](value);
}
window.addEventListener("hashchange", route);
route();
