// The documents panel refreshes itself while a PDF is queued or being made: it fetches the
// panel again every few seconds and swaps it in, until nothing is pending. No framework, no CDN.
(function () {
  "use strict";
  var INTERVAL = 2000;

  function refresh(panel, delay) {
    if (!panel.hasAttribute("data-pending")) {
      return;
    }
    window.setTimeout(function () {
      fetch(panel.getAttribute("data-panel-url"), { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(response.status);
          }
          return response.text();
        })
        .then(function (html) {
          var holder = document.createElement("div");
          holder.innerHTML = html;
          var fresh = holder.querySelector(".documents-panel");
          if (fresh) {
            panel.replaceWith(fresh);
            refresh(fresh, INTERVAL);
          }
        })
        .catch(function () {
          refresh(panel, Math.min(delay * 2, 60000));
        });
    }, delay);
  }

  document.querySelectorAll(".documents-panel").forEach(function (panel) {
    refresh(panel, INTERVAL);
  });
})();
