// Material opens the navigation drawer (on phones) and the search with
// <label for="__drawer"> and <label for="__search">, which a keyboard cannot
// reach or press. Put a real button in each label's place, named like what it
// opens, that toggles the same checkbox Material listens to.
(function () {
  function attribute(selector, name) {
    var element = document.querySelector(selector);
    return element ? element.getAttribute(name) : null;
  }
  [
    ["__drawer", attribute("nav.md-nav--primary", "aria-label")],
    ["__search", attribute("input.md-search__input", "aria-label")]
  ].forEach(function (entry) {
    var toggle = document.getElementById(entry[0]);
    var label = document.querySelector('label.md-header__button[for="' + entry[0] + '"]');
    if (!toggle || !label) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = label.className + " innboks-header-button";
    button.dataset.for = entry[0];
    button.innerHTML = label.innerHTML;
    if (entry[1]) button.setAttribute("aria-label", entry[1]);
    button.setAttribute("aria-expanded", String(toggle.checked));
    button.addEventListener("click", function () { toggle.click(); });
    toggle.addEventListener("change", function () {
      button.setAttribute("aria-expanded", String(toggle.checked));
    });
    label.replaceWith(button);
  });
})();

// Below Material's breakpoints the navigation drawer slides off screen and the search
// folds away, but their links and field stay in the Tab order and the accessibility tree
// (WCAG 2.4.3, 2.4.7, 2.4.11): a keyboard user tabs into what they cannot see. Make each
// inert while it is closed at a width where it is hidden, and live again when opened.
(function () {
  var parts = [
    // [the toggle Material listens to, what it opens, the widths at which that is hidden]
    ["__drawer", ".md-sidebar--primary", "(max-width: 76.1875em)"],
    ["__search", ".md-search", "(max-width: 59.9375em)"]
  ];
  parts.forEach(function (part) {
    var toggle = document.getElementById(part[0]);
    var target = document.querySelector(part[1]);
    var narrow = window.matchMedia(part[2]);
    if (!toggle || !target) return;
    function sync() {
      var hidden = narrow.matches && !toggle.checked;
      target.inert = hidden;
      if (hidden) target.setAttribute("inert", ""); else target.removeAttribute("inert");
    }
    toggle.addEventListener("change", sync);
    if (narrow.addEventListener) narrow.addEventListener("change", sync); else narrow.addListener(sync);
    sync();
  });
})();

// On wide screens the search field sits in the header and opens the search (a dark overlay
// over the page) when it gets focus; Material leaves it open when Tab moves on, so the next
// links have focus under the overlay (WCAG 2.4.11). Close it when focus leaves the search,
// as Escape does.
(function () {
  var toggle = document.getElementById("__search");
  var search = document.querySelector(".md-search");
  if (!toggle || !search) return;
  search.addEventListener("focusout", function (event) {
    var next = event.relatedTarget;
    if (toggle.checked && next && !search.contains(next)) toggle.click();
  });
})();
