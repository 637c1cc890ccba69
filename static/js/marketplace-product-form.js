// 产品主图: clicking an image picks it and numbers it in click order (the first is the cover);
// clicking again removes it and renumbers the rest. Images uploaded in place
// (marketplace-image-upload.js) arrive as ticked choices and are numbered after those already
// picked. Without this script, members tick the boxes and type the order numbers themselves.
(function () {
  "use strict";
  var fieldset = document.querySelector("[data-main-images]");
  if (!fieldset) return;

  function items() {
    return Array.prototype.slice.call(fieldset.querySelectorAll("[data-main-image]"));
  }

  function parts(item) {
    return {
      box: item.querySelector('input[type="checkbox"]'),
      order: item.querySelector('input[type="number"]'),
    };
  }

  function picked() {
    return items()
      .filter(function (item) { return parts(item).box.checked; })
      .sort(function (a, b) {
        return (Number(parts(a).order.value) || 99) - (Number(parts(b).order.value) || 99);
      });
  }

  function renumber(list) {
    list.forEach(function (item, index) { parts(item).order.value = index + 1; });
    items().forEach(function (item) {
      var p = parts(item);
      item.classList.toggle("is-picked", p.box.checked);
      if (!p.box.checked) p.order.value = "";
    });
  }

  fieldset.addEventListener("change", function (event) {
    var item = event.target.closest("[data-main-image]");
    if (!item || event.target !== parts(item).box) return;
    var list = picked().filter(function (other) { return other !== item; });
    if (parts(item).box.checked) list.push(item);
    renumber(list);
  });
})();
