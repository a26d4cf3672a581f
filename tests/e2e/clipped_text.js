// A line of text must fit, to a pixel, inside every box between it and the page
// that cuts off what overflows it (overflow hidden or clip), inside the drawn
// edges (a background's, a border's) of the nearest box drawn around it, which a
// Nastaliq stack crossing would look cut, and below the top of the page. A box
// that scrolls may not scroll up and down because of text overflowing it.
// Text hidden on purpose (a 1px box, an element not rendered, a link moved off
// the page until focused) and SVG text (the charts, laid out by plotly.js) are
// left out, as is a text box's own scrolling.
(() => {
  const TOLERANCE = 1;
  const VISIBLE = {contentVisibilityAuto: true, visibilityProperty: true};
  const found = new Map();
  const note = (key, message) => { if (!found.has(key)) found.set(key, message); };

  const describe = (el) => {
    const parts = [];
    for (let e = el; e && e !== document.documentElement && parts.length < 3;
         e = e.parentElement) {
      let part = e.tagName.toLowerCase();
      if (e.id) part += '#' + e.id;
      else if (typeof e.className === 'string' && e.className.trim())
        part += '.' + e.className.trim().split(/\s+/).join('.');
      parts.unshift(part);
    }
    return parts.join(' > ');
  };
  const line = (text, rect) =>
    `"${text.trim().slice(0, 24)}" (${Math.round(rect.top)}-${Math.round(rect.bottom)})`;
  const clear = (color) => color === 'transparent' || /rgba\(.*,\s*0\)$/.test(color);
  const cuts = (value) => value === 'hidden' || value === 'clip';
  const tiny = (el) => {
    const box = el.getBoundingClientRect();
    return box.width <= 1 || box.height <= 1;
  };

  // The edges of a box that are drawn: all four for a background, else those
  // with a border. The body's background is the canvas's, not a box.
  const drawnEdges = (el, style) => {
    if (el === document.body) return [];
    const sides = ['Top', 'Right', 'Bottom', 'Left'];
    if (style.backgroundImage !== 'none' || !clear(style.backgroundColor)) return sides;
    return sides.filter((side) =>
      parseFloat(style[`border${side}Width`]) > 0 &&
      style[`border${side}Style`] !== 'none' && !clear(style[`border${side}Color`]));
  };

  // The lines of a text node shown on the page, or none for text hidden on purpose.
  const linesOf = (node) => {
    const parent = node.parentElement;
    if (!node.data.trim() || !parent) return [];
    const skipped = 'svg, script, style, template, noscript, textarea, select';
    if (parent.closest(skipped)) return [];
    if (!parent.checkVisibility(VISIBLE)) return [];
    for (let el = parent; el !== document.documentElement; el = el.parentElement) {
      const style = getComputedStyle(el);
      if (tiny(el) && (cuts(style.overflowX) || cuts(style.overflowY))) return [];
    }
    const range = document.createRange();
    range.selectNodeContents(node);
    const rects = [...range.getClientRects()].filter((r) => r.width && r.height);
    const width = document.documentElement.scrollWidth;
    return rects.every((r) => r.right <= 0 || r.left >= width) ? [] : rects;
  };

  // A box that cuts off its overflow: each line inside its padding box.
  const checkClip = (node, rects, el, style) => {
    if (!cuts(style.overflowX) && !cuts(style.overflowY)) return;
    const box = el.getBoundingClientRect();
    const left = box.left + el.clientLeft, top = box.top + el.clientTop;
    const right = left + el.clientWidth, bottom = top + el.clientHeight;
    for (const rect of rects) {
      const outX = rect.left < left - TOLERANCE || rect.right > right + TOLERANCE;
      const outY = rect.top < top - TOLERANCE || rect.bottom > bottom + TOLERANCE;
      if ((cuts(style.overflowX) && outX) || (cuts(style.overflowY) && outY)) {
        note(el, `${line(node.data, rect)} cut off by ${describe(el)} ` +
          `(${Math.round(top)}-${Math.round(bottom)})`);
      }
    }
  };

  // The box drawn around the text: no line across one of its drawn edges.
  const checkEdges = (node, rects, el, edges) => {
    const box = el.getBoundingClientRect();
    for (const rect of rects) {
      const crossed = edges.filter((side) => ({
        Top: rect.top < box.top - TOLERANCE,
        Bottom: rect.bottom > box.bottom + TOLERANCE,
        Left: rect.left < box.left - TOLERANCE,
        Right: rect.right > box.right + TOLERANCE,
      })[side]);
      if (crossed.length) {
        note(el, `${line(node.data, rect)} crosses the ${crossed.join(', ')} edge ` +
          `of ${describe(el)} (${Math.round(box.top)}-${Math.round(box.bottom)})`);
      }
    }
  };

  const checkText = (node) => {
    const rects = linesOf(node);
    let drawn = false;
    for (let el = node.parentElement; rects.length && el !== document.documentElement;
         el = el.parentElement) {
      const style = getComputedStyle(el);
      checkClip(node, rects, el, style);
      const edges = drawn ? [] : drawnEdges(el, style);
      if (edges.length) {
        drawn = true;
        checkEdges(node, rects, el, edges);
      }
    }
    for (const rect of rects) {
      if (rect.top + window.scrollY < -TOLERANCE)
        note(node, `${line(node.data, rect)} starts above the top of the page`);
    }
  };

  // A box that scrolls up and down only because text overflows it.
  const checkScrolling = (el) => {
    const style = getComputedStyle(el);
    if (style.overflowY === 'visible' || tiny(el) || el.closest('svg, textarea')) return;
    if (!el.checkVisibility(VISIBLE)) return;
    if (el.scrollHeight > el.clientHeight + TOLERANCE && el.textContent.trim()) {
      note(el, `${describe(el)} overflows its own box (${el.scrollHeight}px of text ` +
        `in ${el.clientHeight}px, overflow ${style.overflowY})`);
    }
  };

  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) checkText(node);
  document.body.querySelectorAll('*').forEach(checkScrolling);
  return [...found.values()];
})
