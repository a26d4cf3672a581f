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
  const found = new Map();
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
  const clear = (color) => color === 'transparent' || /rgba\(.*,\s*0\)$/.test(color);
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
  const cuts = (value) => value === 'hidden' || value === 'clip';
  const tiny = (el) => {
    const box = el.getBoundingClientRect();
    return box.width <= 1 || box.height <= 1;
  };
  const note = (key, message) => { if (!found.has(key)) found.set(key, message); };
  const line = (text, rect) =>
    `"${text.trim().slice(0, 24)}" (${Math.round(rect.top)}-${Math.round(rect.bottom)})`;
  const pageWidth = document.documentElement.scrollWidth;

  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!node.data.trim() || !parent) continue;
    if (parent.closest('svg, script, style, template, noscript, textarea, select')) continue;
    if (!parent.checkVisibility({contentVisibilityAuto: true, visibilityProperty: true}))
      continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const rects = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
    if (!rects.length || rects.every((r) => r.right <= 0 || r.left >= pageWidth)) continue;
    const ancestors = [];
    for (let el = parent; el && el !== document.documentElement; el = el.parentElement)
      ancestors.push([el, getComputedStyle(el)]);
    if (ancestors.some(([el, style]) =>
      tiny(el) && (cuts(style.overflowX) || cuts(style.overflowY)))) continue;
    let drawn = null;
    for (const [el, style] of ancestors) {
      const box = el.getBoundingClientRect();
      const inner = {
        left: box.left + el.clientLeft, top: box.top + el.clientTop,
        right: box.left + el.clientLeft + el.clientWidth,
        bottom: box.top + el.clientTop + el.clientHeight,
      };
      for (const rect of rects) {
        const outX = rect.left < inner.left - TOLERANCE || rect.right > inner.right + TOLERANCE;
        const outY = rect.top < inner.top - TOLERANCE || rect.bottom > inner.bottom + TOLERANCE;
        if ((cuts(style.overflowX) && outX) || (cuts(style.overflowY) && outY)) {
          note(el, `${line(node.data, rect)} cut off by ${describe(el)} ` +
            `(${Math.round(inner.top)}-${Math.round(inner.bottom)})`);
        }
      }
      const edges = drawn ? [] : drawnEdges(el, style);
      if (edges.length) {
        drawn = el;
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
      }
    }
    for (const rect of rects) {
      if (rect.top + window.scrollY < -TOLERANCE) {
        note(node, `${line(node.data, rect)} starts above the top of the page`);
      }
    }
  }
  for (const el of document.body.querySelectorAll('*')) {
    const style = getComputedStyle(el);
    if (style.overflowY === 'visible' || tiny(el) || el.closest('svg, textarea')) continue;
    if (!el.checkVisibility({contentVisibilityAuto: true, visibilityProperty: true}))
      continue;
    if (el.scrollHeight > el.clientHeight + TOLERANCE && el.textContent.trim()) {
      note(el, `${describe(el)} overflows its own box (${el.scrollHeight}px of text ` +
        `in ${el.clientHeight}px, overflow ${style.overflowY})`);
    }
  }
  return [...found.values()];
})
