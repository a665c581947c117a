// The problem form's suggestions (src/http/pages/similar.rs): once a title, a region and a
// category are given, asks the server for similar open problems and shows them. Without
// this script the form works the same, and shows the suggestions when it comes back.
(function () {
  "use strict";
  var box = document.getElementById("similar");
  var form = box && box.closest("form");
  if (!form || !window.fetch || !window.URLSearchParams) return;
  var title = form.elements.namedItem("title");
  var region = form.elements.namedItem("region");
  var category = form.elements.namedItem("category");
  var timer = null;
  var asked = null;
  var latest = 0;

  function ask() {
    var t = title.value.trim();
    if (t.length < 3 || !region.value || !category.value) {
      asked = null;
      latest += 1;
      box.innerHTML = "";
      return;
    }
    var query = new URLSearchParams({
      title: t,
      region: region.value,
      category: category.value,
      lang: document.documentElement.lang
    }).toString();
    if (query === asked) return;
    asked = query;
    var mine = (latest += 1);
    fetch(box.getAttribute("data-url") + "?" + query, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : ""; })
      .then(function (html) { if (mine === latest) box.innerHTML = html; })
      .catch(function () { asked = null; });
  }

  function soon() {
    clearTimeout(timer);
    timer = setTimeout(ask, 350);
  }

  title.addEventListener("input", soon);
  region.addEventListener("change", ask);
  category.addEventListener("change", ask);
})();
