// The console's single page: vanilla JS, no build step. Every credential form is rendered from the
// engine's form descriptor (GET /api/prototypes/{code}/form) and nothing else.
"use strict";

const AUDIT_ACTIONS = ["CREATED", "UPDATED", "DELETED", "ACCESSED", "ACCESS_DENIED", "ACCESS_FAILED",
  "TESTED", "BOUND", "UNBOUND", "CHECKED", "KEY_ROTATED", "CONSUMER_DECLARED"];
const CARD_LABELS = { red: "Provider missing", orange: "No credential", choose: "Choose a credential", green: "Bound" };

const session = { auth: null, tenant: "" };
const state = { categories: [], form: null, editing: null, credentials: [] };

const $ = (sel, root) => (root || document).querySelector(sel);
const $$ = (sel, root) => Array.from((root || document).querySelectorAll(sel));

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else if (k.startsWith("on")) e.addEventListener(k.substring(2), v);
    else if (k.startsWith("data-")) e.setAttribute(k, v);
    else if (k in e && typeof v !== "string") e[k] = v;
    else e.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

function say(text, bad) {
  const m = $("#message");
  m.textContent = text || "";
  m.classList.toggle("bad", !!bad);
}

class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || ("HTTP " + status));
    this.status = status;
    this.problem = problem || {};
  }
}

async function api(method, path, body) {
  const headers = { "Authorization": "Basic " + session.auth, "X-Requested-With": "console", "Accept": "application/json, application/problem+json" };
  if (session.tenant) headers["X-Tenant"] = session.tenant;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const r = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (r.status === 204) return null;
  const text = await r.text();
  const data = text ? JSON.parse(text) : null;
  if (!r.ok) throw new ApiError(r.status, data);
  return data;
}

// ---- sign in and tabs

$("#login").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const user = $("#login-user").value.trim();
  session.auth = btoa(unescape(encodeURIComponent(user + ":" + $("#login-password").value)));
  session.tenant = $("#login-tenant").value.trim();
  try {
    await loadPrototypes();
    $("#whoami").textContent = "Signed in as " + user + (session.tenant ? " in " + session.tenant : "");
    $("#whoami").hidden = false;
    $("#login").hidden = true;
    $("#tabs").hidden = false;
    $("#app").hidden = false;
    say("");
    await loadCredentials();
  } catch (e) {
    say("Sign-in failed: " + e.message, true);
  }
});

for (const b of $$("#tabs button")) {
  b.addEventListener("click", () => showTab(b.dataset.tab));
}

async function showTab(name) {
  for (const b of $$("#tabs button")) b.classList.toggle("active", b.dataset.tab === name);
  for (const p of $$(".page")) p.hidden = p.id !== "page-" + name;
  say("");
  try {
    if (name === "credentials") await loadCredentials();
    if (name === "consumers") await loadConsumers();
    if (name === "audit") await loadAudit();
    if (name === "overview") await loadOverview();
  } catch (e) {
    say(e.message, true);
  }
}

// ---- prototypes and the form rendered from the descriptor

async function loadPrototypes() {
  const data = await api("GET", "/api/prototypes");
  state.categories = data.categories;
  const select = $("#category");
  select.replaceChildren(el("option", { value: "", text: "Pick a category" }),
    ...state.categories.map(c => el("option", { value: c.name, text: c.name + " (" + c.prototypes.length + ")" })));
}

$("#category").addEventListener("change", () => {
  const c = state.categories.find(x => x.name === $("#category").value);
  $("#prototypes").replaceChildren(...(c ? c.prototypes : []).map(p =>
    el("button", { type: "button", "data-code": p.code, title: p.description, text: p.name,
      onclick: () => openForm(p.code, null) })));
});

async function openForm(code, credential) {
  const form = await api("GET", "/api/prototypes/" + encodeURIComponent(code) + "/form");
  state.form = form;
  state.editing = credential;
  for (const b of $$("#prototypes button")) b.classList.toggle("selected", b.dataset.code === code);
  $("#form-title").textContent = (credential ? "Edit " + credential.name + " — " : "") + form.prototype.name;
  $("#form-description").textContent = form.prototype.description;
  $("#meta-name").value = credential ? credential.name : "";
  $("#meta-environment").value = credential ? credential.environment : "";
  $("#fields").replaceChildren(...form.fields.map(f => renderField(f, credential)));
  $("#cancel-edit").hidden = !credential;
  clearErrors();
  applyConditions();
  $("#credential-form").hidden = false;
}

function renderField(f, credential) {
  const id = "field-" + f.code;
  const existing = credential && credential.values ? credential.values[f.code] : undefined;
  let input;
  if (f.input === "select") {
    input = el("select", { id, name: f.code },
      f.required ? null : el("option", { value: "", text: "" }),
      ...(f.options || []).map(o => el("option", { value: o.value, text: o.label })));
    const v = existing !== undefined ? existing : f.default;
    if (v !== undefined) input.value = v;
  } else if (f.input === "checkbox") {
    input = el("input", { id, name: f.code, type: "checkbox" });
    input.checked = (existing !== undefined ? existing : f.default) === "true";
  } else if (f.input === "textarea") {
    input = el("textarea", { id, name: f.code, rows: 4, placeholder: f.hint || null });
    if (!f.secret) input.value = existing !== undefined ? existing : (f.default || "");
  } else if (f.input === "file") {
    input = el("input", { id, name: f.code, type: "file" });
  } else {
    const type = f.secret ? "password" : f.input;
    input = el("input", { id, name: f.code, type, placeholder: f.hint || null,
      autocomplete: f.secret ? "new-password" : "off" });
    const c = f.constraints || {};
    if (c.step !== undefined) input.step = c.step;
    // secret fields are never pre-filled: not with a default, not with a stored value
    if (!f.secret) input.value = existing !== undefined ? existing : (f.default || "");
    if (f.secret && credential && existing !== undefined) input.placeholder = "unchanged — type to replace";
  }
  input.addEventListener("input", applyConditions);
  input.addEventListener("change", applyConditions);
  return el("div", { class: "field", "data-field": f.code, "data-secret": f.secret ? "true" : "false" },
    el("label", { for: id, text: f.label + (f.required ? " *" : "") }),
    input,
    f.description ? el("div", { class: "hint", text: f.description }) : null,
    el("div", { class: "error", "data-error-for": f.code }));
}

function rawValue(code) {
  const wrapper = $(`.field[data-field="${code}"]`, $("#fields"));
  if (!wrapper || wrapper.hidden) return "";
  const input = $("[name]", wrapper);
  if (input.type === "checkbox") return input.checked ? "true" : "false";
  return input.value;
}

/** Shows a field only while its condition holds; conditions on hidden fields cascade. */
function applyConditions() {
  if (!state.form) return;
  for (let pass = 0; pass < state.form.fields.length; pass++) {
    let changed = false;
    for (const f of state.form.fields) {
      if (!f.condition) continue;
      const v = rawValue(f.condition.field);
      const met = f.condition.equals !== undefined ? v === f.condition.equals : v !== "";
      const wrapper = $(`.field[data-field="${f.code}"]`, $("#fields"));
      if (wrapper.hidden === met) { wrapper.hidden = !met; changed = true; }
    }
    if (!changed) break;
  }
}

function clearErrors() {
  for (const e of $$("#credential-form .error")) e.textContent = "";
  for (const w of $$("#credential-form .field")) w.classList.remove("invalid");
}

function showErrors(e, formErrorId, scope) {
  const problem = e.problem || {};
  let placed = 0;
  for (const err of problem.errors || []) {
    const key = (err.field || "").replace(/^values\./, "");
    const slot = $(`[data-error-for="${key}"]`, scope);
    if (slot) {
      slot.textContent = err.message;
      const w = slot.closest(".field");
      if (w) w.classList.add("invalid");
      placed++;
    }
  }
  if (placed === 0 || placed < (problem.errors || []).length) $(formErrorId).textContent = e.message;
}

async function readFile(input) {
  if (!input.files || input.files.length === 0) return null;
  return await input.files[0].text();
}

$("#credential-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  clearErrors();
  const values = {};
  for (const f of state.form.fields) {
    const wrapper = $(`.field[data-field="${f.code}"]`, $("#fields"));
    if (wrapper.hidden) continue;
    const input = $("[name]", wrapper);
    let v;
    if (f.input === "file") v = await readFile(input);
    else v = rawValue(f.code);
    if (v === null || v === "") continue; // empty: not given (a secret left empty stays unchanged)
    values[f.code] = v;
  }
  const name = $("#meta-name").value.trim();
  const environment = $("#meta-environment").value.trim();
  try {
    if (state.editing) {
      const body = { version: state.editing.version, name, values };
      if (environment) body.environment = environment;
      await api("PUT", "/api/credentials/" + state.editing.id, body);
      say("Saved " + name);
    } else {
      const body = { prototype: state.form.prototype.code, name, values };
      if (environment) body.environment = environment;
      await api("POST", "/api/credentials", body);
      say("Created " + name);
    }
    state.editing = null;
    $("#credential-form").hidden = true;
    await loadCredentials();
  } catch (e) {
    showErrors(e, "#form-error", $("#credential-form"));
    say("Not saved: " + e.message, true);
  }
});

$("#cancel-edit").addEventListener("click", () => { state.editing = null; $("#credential-form").hidden = true; });

// ---- credentials

function badge(check) {
  const s = check ? check.state : "UNTESTED";
  return el("span", { class: "badge state-" + s, title: check ? check.message : "never tested", text: s });
}

async function loadCredentials() {
  const page = await api("GET", "/api/credentials?size=500");
  state.credentials = page.items;
  $("#credential-list tbody").replaceChildren(...page.items.map(c =>
    el("tr", { "data-id": c.id, "data-name": c.name },
      el("td", { text: c.name }),
      el("td", { text: c.prototype }),
      el("td", { text: c.environment }),
      el("td", { class: "availability" }, badge(c.lastTest)),
      el("td", {},
        el("button", { type: "button", class: "test", text: "Test", onclick: () => testCredential(c) }),
        " ",
        el("button", { type: "button", class: "edit", text: "Edit", onclick: () => editCredential(c) }),
        " ",
        el("button", { type: "button", class: "delete", text: "Delete", onclick: () => deleteCredential(c) })))));
}

async function testCredential(c) {
  try {
    const r = await api("POST", "/api/credentials/" + c.id + "/test");
    say("Test of " + c.name + ": " + r.result.state + " — " + r.result.message, r.result.state !== "AVAILABLE");
    await loadCredentials();
  } catch (e) {
    say(e.message, true);
  }
}

async function editCredential(c) {
  try {
    const full = await api("GET", "/api/credentials/" + c.id);
    await openForm(full.prototype, full);
  } catch (e) {
    say(e.message, true);
  }
}

async function deleteCredential(c) {
  if (!confirm("Delete " + c.name + "?")) return;
  try {
    await api("DELETE", "/api/credentials/" + c.id);
    say("Deleted " + c.name);
    await loadCredentials();
  } catch (e) {
    say(e.message, true);
  }
}

// ---- consumers and requirement cards

$("#consumer-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  $("#consumer-error").textContent = "";
  const topics = $("#consumer-topics").value.split(",").map(s => s.trim()).filter(s => s);
  try {
    await api("POST", "/api/consumers", { id: $("#consumer-id").value.trim(), requires: topics.map(t => ({ topic: t })) });
    $("#consumer-id").value = "";
    $("#consumer-topics").value = "";
    await loadConsumers();
  } catch (e) {
    $("#consumer-error").textContent = e.message;
  }
});

async function loadConsumers() {
  const list = await api("GET", "/api/consumers");
  if (state.credentials.length === 0) {
    state.credentials = (await api("GET", "/api/credentials?size=500")).items;
  }
  $("#consumer-list").replaceChildren(...list.map(renderConsumer));
}

function renderConsumer(c) {
  return el("div", { class: "consumer", "data-id": c.id },
    el("h3", {}, c.id,
      el("span", { class: "badge ready " + (c.ready ? "state-AVAILABLE" : "state-UNAVAILABLE"), text: c.ready ? "ready" : "not ready" }),
      el("button", { type: "button", class: "launch-check", text: "Check launch", onclick: () => launchCheck(c.id) })),
    el("div", { class: "cards" }, ...c.requirements.map(r => renderCard(c.id, r))),
    el("div", { class: "launch" }));
}

function renderCard(consumerId, r) {
  const card = el("div", { class: "card card-" + r.card, "data-topic": r.topic, "data-card": r.card },
    el("div", { class: "topic", text: r.topic }),
    el("div", { class: "state", text: CARD_LABELS[r.card] }),
    el("div", { class: "advice", text: r.advice }));
  if (r.credential) {
    card.append(el("div", { class: "bound" }, "Bound to ", el("b", { text: r.credential.name }), " ",
      badge(r.lastCheck || r.credential.lastTest),
      " ", el("button", { type: "button", class: "unbind", text: "Unbind",
        onclick: async () => { await api("DELETE", `/api/consumers/${encodeURIComponent(consumerId)}/bindings/${encodeURIComponent(r.topic)}`); await loadConsumers(); } })));
  }
  if (r.candidates.length > 0 && r.card !== "green") {
    const select = el("select", { class: "candidate", "aria-label": "credential for " + r.topic },
      ...r.candidates.map(c => el("option", { value: c.id, text: c.name + " (" + c.environment + ")" })));
    card.append(el("div", {}, select, " ",
      el("button", { type: "button", class: "bind", text: "Bind", onclick: async () => {
        try {
          await api("PUT", `/api/consumers/${encodeURIComponent(consumerId)}/bindings/${encodeURIComponent(r.topic)}`, { credentialId: select.value });
          await loadConsumers();
        } catch (e) { say(e.message, true); }
      } })));
  }
  return card;
}

async function launchCheck(id) {
  try {
    const d = await api("POST", "/api/consumers/" + encodeURIComponent(id) + "/check");
    const box = $(`.consumer[data-id="${id}"] .launch`);
    box.replaceChildren(el("b", { class: "outcome", text: d.outcome }), " ",
      d.reasons.join("; "), d.variables.length ? " — variables: " + d.variables.join(", ") : "");
  } catch (e) {
    say(e.message, true);
  }
}

// ---- audit log

$("#audit-action").append(...AUDIT_ACTIONS.map(a => el("option", { value: a, text: a })));
$("#audit-filters").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  try { await loadAudit(); } catch (e) { $("#audit-error").textContent = e.message; }
});

async function loadAudit() {
  $("#audit-error").textContent = "";
  const q = new URLSearchParams({ size: "200" });
  const add = (k, id) => { const v = $(id).value.trim(); if (v) q.set(k, v); };
  add("action", "#audit-action");
  add("principal", "#audit-principal");
  add("credentialId", "#audit-credential");
  add("from", "#audit-from");
  add("until", "#audit-until");
  const page = await api("GET", "/api/audit?" + q);
  const events = page.items.slice().sort((a, b) => b.sequence - a.sequence);
  $("#audit-table tbody").replaceChildren(...events.map(e =>
    el("tr", { "data-action": e.action },
      el("td", { text: e.sequence }),
      el("td", { text: e.time }),
      el("td", { text: e.principal }),
      el("td", { class: "action", text: e.action }),
      el("td", { text: e.credentialId || "" }),
      el("td", { text: e.consumerId || "" }),
      el("td", { class: "client", text: e.clientAddress || "" }),
      el("td", { text: Object.entries(e.details || {}).map(([k, v]) => k + "=" + v).join(", ") }))));
}

// ---- stats and health

async function loadOverview() {
  $("#stats").textContent = JSON.stringify(await api("GET", "/api/stats"), null, 2);
  const h = await api("GET", "/api/health");
  $("#health").replaceChildren(el("p", {}, "Engine: ", el("span", { class: "badge state-" + (h.status === "UP" ? "AVAILABLE" : "UNAVAILABLE"), text: h.status })),
    el("table", {}, el("tbody", {}, ...h.components.map(c =>
      el("tr", {}, el("td", { text: c.name }), el("td", { text: c.status }), el("td", { text: c.message }))))));
}
