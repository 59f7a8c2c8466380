// Presentation mode's own keys and window (lib/ui/presentation.py): a Streamlit component (this frame, served by the
// dashboard itself) that tells the app the presenter's window size, when it opens and when it changes, and that Esc
// was pressed on the page, not in a text field (Streamlit's Esc shortcut fires inside text fields too). Space on a
// focused button is kept from clicking it: Space is the next slide (a shortcut), also right after a mouse click.
(function () {
  "use strict";
  var host = window.parent;
  var state = { w: 0, h: 0, esc: 0 };
  function send(type, extra) {
    var msg = { isStreamlitMessage: true, type: type };
    for (var k in extra) msg[k] = extra[k];
    host.postMessage(msg, "*");
  }
  function report() {
    state.w = host.innerWidth;
    state.h = host.innerHeight;
    send("streamlit:setComponentValue", { value: { w: state.w, h: state.h, esc: state.esc }, dataType: "json" });
  }
  function typing(t) {
    return t && t.closest && t.closest('input, textarea, select, [contenteditable="true"]');
  }
  function onKey(e) {
    if (e.key === "Escape" && e.type === "keydown" && !typing(e.target) && !e.ctrlKey && !e.metaKey && !e.altKey) {
      state.esc = Date.now();
      report();
    } else if (e.key === " " && e.target && e.target.tagName === "BUTTON") {
      e.preventDefault();
    }
  }
  var timer = null;
  function onResize() {
    // the page's own timer: this frame is not displayed, and a hidden frame's timers may be held back
    host.clearTimeout(timer);
    timer = host.setTimeout(function () {
      if (host.innerWidth !== state.w || host.innerHeight !== state.h) report();
    }, 250);
  }
  var doc = host.document;
  if (host.__atensiPresenter) host.__atensiPresenter(); // an earlier frame's listeners
  function detach() {
    doc.removeEventListener("keydown", onKey, true);
    doc.removeEventListener("keyup", onKey, true);
    host.removeEventListener("resize", onResize);
    host.clearTimeout(timer);
    if (host.__atensiPresenter === detach) host.__atensiPresenter = null;
  }
  doc.addEventListener("keydown", onKey, true);
  doc.addEventListener("keyup", onKey, true);
  host.addEventListener("resize", onResize);
  host.__atensiPresenter = detach;
  window.addEventListener("pagehide", detach);
  window.addEventListener("message", function (e) {
    if (e.data && e.data.type === "streamlit:render") {
      var known = (e.data.args && e.data.args.known) || {};
      if (known.w !== host.innerWidth || known.h !== host.innerHeight) report();
    }
  });
  send("streamlit:componentReady", { apiVersion: 1 });
  send("streamlit:setFrameHeight", { height: 0 });
})();
