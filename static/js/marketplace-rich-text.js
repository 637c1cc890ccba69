// The product description's small editor: a toolbar over a plain <textarea> that inserts basic
// HTML, and "浏览服务器", a picker window on the member's own image library that inserts an
// <img> with the chosen width and height. The server sanitises whatever is submitted.
(function () {
  "use strict";
  var EVENT = "marketplace-insert-image";

  // In the picker window: a click sends the chosen image to the editor that opened us.
  var grid = document.querySelector("[data-picker-target]");
  if (grid) {
    var widthInput = document.querySelector("[data-picker-width]");
    var heightInput = document.querySelector("[data-picker-height]");
    grid.addEventListener("click", function (event) {
      var button = event.target.closest("[data-pick-image]");
      if (!button || !window.opener) return;
      var width = Math.min(1200, Math.max(1, parseInt(widthInput.value, 10) || 300));
      var ratio = (button.dataset.ratio || "1/1").split("/");
      var height = parseInt(heightInput.value, 10) ||
        Math.max(1, Math.round((width * Number(ratio[0])) / Number(ratio[1] || 1)));
      window.opener.postMessage(
        { type: EVENT, target: grid.dataset.pickerTarget, src: button.dataset.src,
          alt: button.dataset.alt || "", width: width, height: Math.min(1200, height) },
        window.location.origin
      );
      window.close();
    });
    return;
  }

  function escapeAttribute(value) {
    return String(value).replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  }

  function insert(textarea, before, after) {
    var start = textarea.selectionStart;
    var end = textarea.selectionEnd;
    var selected = textarea.value.slice(start, end);
    textarea.setRangeText(before + selected + (after || ""), start, end, "end");
    textarea.focus();
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  }

  document.querySelectorAll("[data-rich-text-toolbar]").forEach(function (toolbar) {
    var textarea = document.getElementById(toolbar.dataset.richTextToolbar);
    if (!textarea) return;
    toolbar.hidden = false;
    toolbar.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button) return;
      if (button.dataset.wrap) {
        insert(textarea, "<" + button.dataset.wrap + ">", "</" + button.dataset.wrap + ">");
      } else if (button.dataset.list) {
        insert(textarea, "<" + button.dataset.list + "><li>", "</li></" + button.dataset.list + ">");
      } else if (button.hasAttribute("data-link")) {
        var url = window.prompt("链接地址（http:// 或 https:// 开头）", "https://");
        if (url) insert(textarea, '<a href="' + escapeAttribute(url) + '">', "</a>");
      } else if (button.dataset.browseServer) {
        window.open(button.dataset.browseServer, "image-picker", "width=900,height=700");
      }
    });
  });

  window.addEventListener("message", function (event) {
    var data = event.data || {};
    if (event.origin !== window.location.origin || data.type !== EVENT) return;
    var textarea = document.getElementById(data.target);
    if (!textarea) return;
    insert(textarea,
      '<p><img src="' + escapeAttribute(data.src) + '" width="' + Number(data.width) +
      '" height="' + Number(data.height) + '" alt="' + escapeAttribute(data.alt) + '"></p>');
  });
})();
