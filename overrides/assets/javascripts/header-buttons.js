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
