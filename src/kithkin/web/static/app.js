// kithkin: a few enhancements over pages that work without JavaScript.
// - search as you type on forms marked data-live-search (the server renders the rows);
// - forms marked data-inline submit in the background and remove their row;
// - forms marked data-confirm ask first;
// - forms marked data-upload show the upload's progress;
// - on a page with [data-keys], a key press activates the control with that data-key;
// - a button marked data-copy="ID" copies that field's text (shown only where it can).
(function () {
  "use strict";

  function csrf() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  }

  function announce(text) {
    var live = document.getElementById("announce");
    if (!live) {
      live = document.createElement("p");
      live.id = "announce";
      live.className = "flash";
      live.setAttribute("role", "status");
      var main = document.getElementById("main");
      main.insertBefore(live, main.firstChild);
    }
    live.textContent = text;
  }

  function liveSearch(form) {
    var results = document.getElementById("results");
    var timer = null;
    var seq = 0;
    function run() {
      var params = new URLSearchParams(new FormData(form));
      var mine = ++seq;
      history.replaceState(null, "", form.action + "?" + params.toString());
      params.set("partial", "1");
      fetch(form.action + "?" + params.toString(), { headers: { Accept: "text/html" } })
        .then(function (r) { return r.text(); })
        .then(function (html) { if (mine === seq) { results.innerHTML = html; } })
        .catch(function () { /* the Show button still works */ });
    }
    form.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, 180);
    });
    form.addEventListener("change", function (e) {
      if (e.target.tagName === "SELECT") { clearTimeout(timer); run(); }
    });
  }

  function inline(form) {
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var submitter = e.submitter;
      var body = new URLSearchParams(new FormData(form));
      if (submitter && submitter.name) { body.set(submitter.name, submitter.value); }
      fetch(form.action, {
        method: "POST",
        body: body,
        headers: { "X-CSRF-Token": csrf(), "X-Kith-Fetch": "1", Accept: "application/json" },
      }).then(function (r) {
        return r.json().then(function (data) { return { ok: r.ok, data: data }; });
      }).then(function (res) {
        if (!res.ok) {
          announce(res.data.error ? res.data.error.message : "That did not work.");
          return;
        }
        var row = form.closest("[data-item]");
        if (row) {
          var next = row.nextElementSibling || row.previousElementSibling;
          row.remove();
          var focusable = next && next.querySelector("a, button");
          if (focusable) { focusable.focus(); }
        }
        announce(res.data.message || "Done.");
        if (!document.querySelector("[data-item]")) {
          var empty = document.getElementById("empty-agenda");
          if (empty) { empty.hidden = false; }
        }
      }).catch(function () { form.submit(); });
    });
  }

  // Uploads show their progress; the server's answer replaces the page's content.
  function upload(form) {
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var box = form.querySelector(".upload-progress");
      var bar = box.querySelector("progress");
      var said = box.querySelector("[role=status]");
      box.hidden = false;
      form.querySelector("button[type=submit]").disabled = true;
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.responseType = "document";
      xhr.setRequestHeader("X-CSRF-Token", csrf());
      xhr.upload.onprogress = function (ev) {
        if (ev.lengthComputable) {
          bar.value = Math.round((100 * ev.loaded) / ev.total);
          said.textContent = bar.value + "%";
        }
      };
      xhr.upload.onload = function () { said.textContent = "Importing…"; };
      xhr.onload = function () {
        var main = xhr.response && xhr.response.getElementById("main");
        if (!main) { form.submit(); return; }
        document.getElementById("main").replaceWith(main);
        document.title = xhr.response.title;
        init(main);
        var summary = document.getElementById("summary") || main.querySelector("[role=alert]");
        if (summary) { summary.setAttribute("tabindex", "-1"); summary.focus(); }
      };
      xhr.onerror = function () { form.submit(); };
      xhr.send(new FormData(form));
    });
  }

  // One key per choice (triage), as in the terminal; never while typing in a field.
  function shortcuts() {
    if (!document.querySelector("[data-keys]") && !document.querySelector("[data-key]")) { return; }
    document.addEventListener("keydown", function (e) {
      if (e.ctrlKey || e.metaKey || e.altKey || e.repeat) { return; }
      var t = e.target;
      if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) { return; }
      var key = e.key.length === 1 ? e.key.toLowerCase() : "";
      if (!key || !/^[a-z?]$/.test(key)) { return; }
      var target = document.querySelector('[data-key="' + key + '"]');
      if (!target) { return; }
      e.preventDefault();
      target.click();
    });
  }

  function copyButtons(root) {
    if (!navigator.clipboard) { return; }
    root.querySelectorAll("button[data-copy]").forEach(function (button) {
      var field = document.getElementById(button.getAttribute("data-copy"));
      if (!field) { return; }
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(field.value).then(
          function () { announce("Copied."); },
          function () { field.select(); announce("Select and copy it with your keyboard."); }
        );
      });
    });
  }

  function init(root) {
    copyButtons(root);
    root.querySelectorAll("form[data-live-search]").forEach(liveSearch);
    root.querySelectorAll("form[data-inline]").forEach(inline);
    root.querySelectorAll("form[data-upload]").forEach(upload);
    root.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (e) {
        if (!window.confirm(form.getAttribute("data-confirm"))) { e.preventDefault(); }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () { init(document); shortcuts(); });
})();
