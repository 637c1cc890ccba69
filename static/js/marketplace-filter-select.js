// A text box that filters the options of a long <select data-filterable-select> (所属平台).
// Without JavaScript the grouped <select> works as it is.
(function () {
  "use strict";
  document.querySelectorAll("select[data-filterable-select]").forEach(function (select) {
    var input = document.createElement("input");
    input.type = "search";
    input.className = "filter-select__input";
    input.placeholder = "输入地区或平台名称筛选";
    input.setAttribute("aria-label", "筛选所属平台");
    input.setAttribute("aria-controls", select.id);
    select.parentNode.insertBefore(input, select);
    input.addEventListener("input", function () {
      var needle = input.value.trim().toLowerCase();
      select.querySelectorAll("optgroup").forEach(function (group) {
        var visible = 0;
        group.querySelectorAll("option").forEach(function (option) {
          var match = !needle || option.textContent.toLowerCase().indexOf(needle) !== -1;
          option.hidden = !match;
          option.disabled = !match && !option.selected;
          if (match) visible += 1;
        });
        group.hidden = visible === 0;
      });
    });
  });
})();
