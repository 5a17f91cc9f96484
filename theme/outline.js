/* The outline of a long text (templates/_outline.html): folded on phones, and the part
 * being read marked (aria-current) while scrolling. Without script the outline is a plain
 * list of links, open. */
(function () {
  "use strict";
  var nav = document.querySelector(".outline");
  if (!nav) return;
  var box = nav.querySelector("details");
  var wide = window.matchMedia("(min-width: 64rem)");
  function fold() { if (box) box.open = wide.matches; }
  fold();
  if (wide.addEventListener) wide.addEventListener("change", fold);
  if (!("IntersectionObserver" in window)) return;
  var links = Array.prototype.slice.call(nav.querySelectorAll("a[href^='#']"));
  var byId = {};
  var targets = [];
  links.forEach(function (a) {
    var id = decodeURIComponent(a.getAttribute("href").slice(1));
    var el = document.getElementById(id);
    if (!el) return;
    (byId[id] = byId[id] || []).push(a);
    if (targets.indexOf(el) < 0) targets.push(el);
  });
  var visible = {};
  function mark() {
    var current = null;
    for (var i = 0; i < targets.length; i++) {
      var top = targets[i].getBoundingClientRect().top;
      if (top <= window.innerHeight * 0.3) current = targets[i];
      else break;
    }
    links.forEach(function (a) { a.removeAttribute("aria-current"); });
    if (!current) return;
    // the innermost part and its paragraph, both
    var chosen = byId[current.id] || [];
    chosen.forEach(function (a) { a.setAttribute("aria-current", "location"); });
    var part = current.closest("section[id], figure[id]");
    if (part && byId[part.id]) byId[part.id].forEach(function (a) { a.setAttribute("aria-current", "location"); });
  }
  var observer = new IntersectionObserver(function (entries) {
    entries.forEach(function (e) { visible[e.target.id] = e.isIntersecting; });
    mark();
  }, { rootMargin: "0px 0px -60% 0px" });
  targets.forEach(function (el) { observer.observe(el); });
  targets.sort(function (a, b) {
    return a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
  });
  window.addEventListener("scroll", function () { window.requestAnimationFrame(mark); }, { passive: true });
  mark();
}());
