/* The contract page while its PDF is being made (「合同 PDF 生成中…」): ask the server for the
   PDF part of the page now and then, and put it in place once the PDF is stored (or failed),
   without reloading the page, so a form being filled in on it is left alone. Polls back off
   and stop after a few minutes, and wait while the tab is hidden. Without JavaScript the
   part says to refresh the page. */
(function () {
  "use strict";

  var area = document.querySelector("[data-pdf-status-url]");
  if (!area || !window.fetch || !window.DOMParser) {
    return;
  }
  var url = area.getAttribute("data-pdf-status-url");
  var delay = 1500;
  var waited = 0;
  var GIVE_UP_AFTER = 5 * 60 * 1000;

  function replaceContent(fresh) {
    while (area.firstChild) {
      area.removeChild(area.firstChild);
    }
    while (fresh.firstChild) {
      area.appendChild(document.adoptNode(fresh.firstChild));
    }
    area.setAttribute("data-pdf-state", fresh.getAttribute("data-pdf-state"));
    area.removeAttribute("data-pdf-status-url");
  }

  function poll() {
    if (document.hidden) {
      document.addEventListener("visibilitychange", poll, { once: true });
      return;
    }
    fetch(url, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        return response.ok ? response.text() : "";
      })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.querySelector("[data-pdf-state]");
        if (fresh && fresh.getAttribute("data-pdf-state") !== "pending") {
          replaceContent(fresh);
          return;
        }
        later();
      })
      .catch(later);
  }

  function later() {
    waited += delay;
    if (waited > GIVE_UP_AFTER) {
      return;
    }
    window.setTimeout(poll, delay);
    delay = Math.min(delay * 1.5, 15000);
  }

  later();
})();
