// The API server admits only JSON request bodies, so every POST form of the panel is sent as a
// flat JSON object of its fields; the server answers with a redirect, which we follow.
"use strict";
document.addEventListener("submit", function (ev) {
  var form = ev.target;
  if (!(form instanceof HTMLFormElement) || (form.getAttribute("method") || "").toLowerCase() !== "post") return;
  ev.preventDefault();
  var fields = {};
  new FormData(form).forEach(function (v, k) { fields[k] = String(v); });
  if (ev.submitter && ev.submitter.name) fields[ev.submitter.name] = ev.submitter.value;
  fetch(form.getAttribute("action"), {
    method: "POST", credentials: "same-origin", redirect: "follow",
    headers: { "Content-Type": "application/json" }, body: JSON.stringify(fields)
  }).then(function (resp) {
    if (resp.redirected) { window.location.assign(resp.url); return; }
    return resp.text().then(function (t) { show(resp.status + ": " + t); });
  }).catch(function () { show("The request failed; try again."); });
});

function show(text) {
  var p = document.createElement("p");
  p.className = "error";
  p.setAttribute("role", "alert");
  p.textContent = text;
  document.querySelector("main").prepend(p);
}
