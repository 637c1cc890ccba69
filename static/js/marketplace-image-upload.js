// 上传图片 in place (product form, service form, picker): each chosen file is sent on its own,
// one after the other, with a progress bar, to the member centre's JSON endpoint, which puts it
// in the 图片库 through the library's own checks. A saved image is added at the top of the
// form's choices (newest first, as the library lists them) from the list's <template>, and is
// picked where the form says so (data-select: "several" ticks it as a main image, "one" makes it
// the cover if none is chosen). Its sizes are made in the background: the choice shows 「处理中」
// until the status endpoint says they are ready. Without this script the control stays hidden
// and the forms keep their link to the 图片库.
(function () {
  "use strict";
  if (!window.XMLHttpRequest || !window.FormData || !window.Promise) return;
  var POLL_EVERY_MS = 2000;
  var POLL_AT_MOST = 90; // three minutes; a reload shows the sizes made later
  var widgets = Array.prototype.slice.call(document.querySelectorAll("[data-inplace-upload]"));
  if (!widgets.length) return;

  function choiceList(widget) {
    return document.getElementById(widget.dataset.choices);
  }

  function progressRow(widget, file) {
    var item = document.createElement("li");
    item.className = "upload-progress__item";
    item.setAttribute("data-upload-file", file.name);
    var name = document.createElement("span");
    name.textContent = file.name;
    var bar = document.createElement("progress");
    bar.max = 100;
    bar.value = 0;
    bar.setAttribute("aria-label", file.name + " 上传进度");
    var status = document.createElement("span");
    status.className = "upload-progress__status";
    status.textContent = "等待上传";
    item.append(name, bar, status);
    widget.querySelector("[data-upload-progress]").appendChild(item);
    return { item: item, bar: bar, status: status };
  }

  function finish(ui, state, message) {
    ui.item.classList.add(state === "done" ? "is-done" : "is-error");
    ui.item.setAttribute("data-state", state);
    ui.status.textContent = message;
    if (state === "done") ui.bar.value = 100;
  }

  function refusalMessage(xhr, body) {
    var errors = (body && body.errors) || [];
    if (errors.length && errors[0].message) {
      return errors.map(function (error) { return error.message; }).join(" ");
    }
    if (xhr.status === 403) return "页面已过期或登录已失效，请刷新页面后重试。";
    if (xhr.status === 413) return "文件太大，单张图片不能超过 10 MB。";
    return "上传失败，请重试。";
  }

  function send(widget, file, ui) {
    return new Promise(function (resolve) {
      var data = new FormData();
      data.append("images", file);
      var xhr = new XMLHttpRequest();
      xhr.open("POST", widget.dataset.uploadUrl);
      xhr.setRequestHeader("Accept", "application/json");
      xhr.setRequestHeader("X-CSRFToken", widget.dataset.csrfToken);
      ui.status.textContent = "正在上传…";
      xhr.upload.addEventListener("progress", function (event) {
        if (event.lengthComputable) ui.bar.value = Math.round((99 * event.loaded) / event.total);
      });
      xhr.addEventListener("load", function () {
        var body = null;
        try { body = JSON.parse(xhr.responseText); } catch (error) { /* an HTML error page */ }
        if (xhr.status === 201 && body && body.images && body.images.length) {
          finish(ui, "done", "上传成功，已加入图片库");
          body.images.forEach(function (image) { addChoice(widget, image); });
        } else {
          finish(ui, "error", refusalMessage(xhr, body));
        }
        resolve();
      });
      xhr.addEventListener("error", function () {
        finish(ui, "error", "网络错误，请重试。");
        resolve();
      });
      xhr.send(data);
    });
  }

  // Template attributes carry "__id__" and "__title__"; the title's text goes in by textContent.
  function fill(item, image) {
    [item].concat(Array.prototype.slice.call(item.querySelectorAll("*"))).forEach(function (el) {
      Array.prototype.slice.call(el.attributes).forEach(function (attribute) {
        var value = attribute.value;
        if (value.indexOf("__id__") < 0 && value.indexOf("__title__") < 0) return;
        el.setAttribute(attribute.name,
          value.split("__id__").join(String(image.id)).split("__title__").join(image.title));
      });
    });
    item.querySelectorAll("[data-choice-title]").forEach(function (el) {
      el.textContent = image.title;
    });
  }

  function showReady(item, image) {
    var pending = item.querySelector("[data-pending]");
    if (pending && image.urls.thumbnail) {
      var img = document.createElement("img");
      img.src = image.urls.thumbnail;
      img.width = 200;
      img.height = 200;
      img.alt = "";
      pending.replaceWith(img);
    }
    item.querySelectorAll("[data-pick-image]").forEach(function (button) {
      button.dataset.src = image.urls.large || "";
      button.dataset.alt = image.alt || image.title;
      button.dataset.ratio = image.width ? image.height + "/" + image.width : "";
      button.disabled = false;
    });
  }

  function select(widget, list, item) {
    var mode = widget.dataset.select;
    var input = item.querySelector('input[type="checkbox"], input[type="radio"]');
    if (!input || !mode) return;
    if (mode === "several") {
      var limit = Number(widget.dataset.selectMax) || Infinity;
      if (list.querySelectorAll('input[type="checkbox"]:checked').length >= limit) return;
    } else if (mode === "one") {
      var current = list.querySelector('input[type="radio"]:checked');
      if (current && current.value) return;
    }
    input.checked = true;
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function addChoice(widget, image) {
    var list = choiceList(widget);
    var template = list && document.querySelector('template[data-choice-template="' + list.id + '"]');
    if (!template) return;
    var item = template.content.firstElementChild.cloneNode(true);
    fill(item, image);
    // Newest first, as the library lists them (after a "不使用封面" choice, if any).
    list.insertBefore(item, list.querySelector("[data-image-id]"));
    list.parentNode.querySelectorAll("[data-choices-empty]").forEach(function (empty) {
      empty.hidden = true;
    });
    if (image.ready) showReady(item, image);
    select(widget, list, item);
    if (!image.ready) poll(widget);
  }

  // One poll for the page: every choice still 「处理中」 is asked about until its sizes are ready.
  var polling = false;
  function pendingIds() {
    var ids = {};
    widgets.forEach(function (widget) {
      var list = choiceList(widget);
      if (!list) return;
      list.querySelectorAll("[data-image-id]").forEach(function (item) {
        if (item.querySelector("[data-pending]")) ids[item.dataset.imageId] = true;
      });
    });
    return Object.keys(ids);
  }

  function poll(widget) {
    if (polling) return;
    polling = true;
    var rounds = 0;
    (function round() {
      var ids = pendingIds();
      if (!ids.length || rounds++ >= POLL_AT_MOST) { polling = false; return; }
      window.setTimeout(function () {
        var xhr = new XMLHttpRequest();
        xhr.open("GET", widget.dataset.statusUrl + "?ids=" + ids.join(","));
        xhr.setRequestHeader("Accept", "application/json");
        xhr.addEventListener("loadend", function () {
          var body = null;
          try { body = JSON.parse(xhr.responseText); } catch (error) { /* try again */ }
          ((body && body.images) || []).forEach(function (image) {
            if (!image.ready) return;
            document.querySelectorAll('[data-image-id="' + Number(image.id) + '"]')
              .forEach(function (item) { showReady(item, image); });
          });
          round();
        });
        xhr.send();
      }, POLL_EVERY_MS);
    })();
  }

  widgets.forEach(function (widget) {
    var input = widget.querySelector("[data-upload-input]");
    var queue = Promise.resolve();
    widget.hidden = false;
    input.addEventListener("change", function () {
      var files = Array.prototype.slice.call(input.files);
      input.value = ""; // the same file may be chosen again; nothing is sent with the form
      files.forEach(function (file) {
        var ui = progressRow(widget, file);
        queue = queue.then(function () { return send(widget, file, ui); });
      });
    });
  });
  if (pendingIds().length) poll(widgets[0]);
})();
