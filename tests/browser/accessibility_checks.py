"""What the accessibility browser tests measure in a page: axe-core's findings, tap targets too
small to hit, and sideways scrolling of the whole page.

Each check runs in the page (Playwright's ``page.evaluate``) and returns plain lists, so a
failing test can name the page, the rule and the element.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Installed by `make test` (`npm ci`, pinned by package-lock.json); never committed.
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"

# What a user taps or clicks: WCAG 2.5.8 measures each of these.
TAP_TARGETS = "a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button]"

_AXE_SOURCE: list[str] = []


def _axe_source() -> str:
    if not _AXE_SOURCE:
        _AXE_SOURCE.append(AXE_SCRIPT.read_text(encoding="utf-8"))
    return _AXE_SOURCE[0]


_TARGET_SIZES = """
([selector, minimum, spacing]) => {
  // An inline link inside running text is exempt (WCAG 2.5.8 "inline"): its height is the
  // line's. Running text means words beside the link in the same block: a sibling text node
  // holding a letter, not only separators such as " · " or " › ".
  const words = /[\\p{L}\\p{N}]/u;
  const inRunningText = (element) => {
    if (element.tagName !== "A" || getComputedStyle(element).display !== "inline") return false;
    for (let node = element; node && node !== document.body; node = node.parentElement) {
      const display = getComputedStyle(node).display;
      if (node !== element) {
        for (const child of node.childNodes) {
          if (child.nodeType === Node.TEXT_NODE && words.test(child.textContent)) return true;
        }
      }
      if (node !== element && display !== "inline") return false;
    }
    return false;
  };
  const shown = (element) => {
    if (element.closest("[hidden], [inert]") || element.disabled) return false;
    const style = getComputedStyle(element);
    if (style.visibility === "hidden" || style.display === "none") return false;
    const box = element.getBoundingClientRect();
    // The visually-hidden pattern (1 px, clipped) and off-screen skip links are not tapped.
    return box.width > 1 && box.height > 1 && box.right > 0;
  };
  // A checkbox or radio button is activated by its label too: the target is both together.
  const targetBox = (element) => {
    let { left, top, right, bottom } = element.getBoundingClientRect();
    if (element.type === "checkbox" || element.type === "radio") {
      for (const label of element.labels || []) {
        const around = label.getBoundingClientRect();
        left = Math.min(left, around.left); top = Math.min(top, around.top);
        right = Math.max(right, around.right); bottom = Math.max(bottom, around.bottom);
      }
    }
    return { width: right - left, height: bottom - top };
  };
  const describe = (element) => {
    const id = element.id ? "#" + element.id : "";
    const classes = element.classList.length ? "." + [...element.classList].join(".") : "";
    const text = (element.innerText || element.value || element.getAttribute("aria-label") || "")
      .trim().replace(/\\s+/g, " ").slice(0, 40);
    return `${element.tagName.toLowerCase()}${id}${classes} "${text}"`;
  };
  const targets = [...document.querySelectorAll(selector)].filter(shown);
  const boxes = new Map(targets.map((element) => [element, element.getBoundingClientRect()]));
  const centre = (box) => [box.left + box.width / 2, box.top + box.height / 2];
  const gap = ([x, y], box) => Math.hypot(
    Math.max(box.left - x, 0, x - box.right), Math.max(box.top - y, 0, y - box.bottom));
  const undersized = targets.filter((element) => {
    if (inRunningText(element)) return false;
    const box = targetBox(element);
    return box.width < minimum - 0.5 || box.height < minimum - 0.5;
  });
  // WCAG 2.5.8 "spacing": an undersized target passes when a 24 px circle centred on it
  // touches no other target, nor the circle of another undersized one. (2.5.5, the 44 px
  // level, has no such exception.)
  const spaced = (element) => {
    const here = centre(boxes.get(element));
    return targets.every((other) => other === element || other.contains(element)
      || element.contains(other) || gap(here, boxes.get(other)) >= minimum / 2)
      && undersized.every((other) => other === element
        || Math.hypot(...centre(boxes.get(other)).map((v, i) => v - here[i])) >= minimum);
  };
  const small = [];
  for (const element of undersized) {
    if (spacing && spaced(element)) continue;
    const box = targetBox(element);
    small.push(`${describe(element)} is ${box.width.toFixed(0)}x${box.height.toFixed(0)} px`);
  }
  return small;
}
"""


async def axe_violations(page, impacts: tuple[str, ...] = ("serious", "critical")) -> list[str]:
    """axe-core's violations of the given impacts on the page: "rule: target" lines."""
    if not await page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol: the app's Content-Security-Policy
        # (script-src 'self') stays in force, and would refuse an injected <script> tag.
        await page.evaluate(_axe_source() + "\n;undefined")
    results = await page.evaluate(
        """async () => {
          const found = await axe.run(document, { resultTypes: ["violations"] });
          return found.violations.map((v) => ({
            id: v.id, impact: v.impact, help: v.help,
            targets: v.nodes.map((n) => n.target.join(" ")),
          }));
        }"""
    )
    return [
        f"{found['id']} ({found['impact']}: {found['help']}): {target}"
        for found in results
        if found["impact"] in impacts
        for target in found["targets"]
    ]


async def small_tap_targets(
    page, minimum: float = 24, selector: str = TAP_TARGETS, *, spacing: bool = True
) -> list[str]:
    """Visible targets matching ``selector`` narrower or shorter than ``minimum`` CSS px.

    Links inside running text are exempt; with ``spacing`` (WCAG 2.5.8, 24 px) so is a
    target with nothing else to hit within 12 px of its centre. Without it (WCAG 2.5.5,
    44 px), every other target must have the size itself.
    """
    return await page.evaluate(_TARGET_SIZES, [selector, minimum, spacing])


async def scrolls_sideways(page) -> bool:
    """Whether the page as a whole is wider than the window (a reader must scroll sideways)."""
    return await page.evaluate(
        "document.scrollingElement.scrollWidth > document.scrollingElement.clientWidth"
    )


async def wider_than_window(page) -> list[str]:
    """The outermost elements reaching past the window's right edge, to name in a failure."""
    return await page.evaluate(
        """() => {
          const width = document.scrollingElement.clientWidth;
          const out = [];
          for (const element of document.querySelectorAll("body *")) {
            const box = element.getBoundingClientRect();
            if (box.right <= width + 0.5 || box.width === 0) continue;
            // Inside a box that scrolls sideways itself (a .table-wrap) is fine, unless
            // absolutely placed: such an element may escape that box.
            const escapes = ["absolute", "fixed"].includes(getComputedStyle(element).position);
            const scroller = element.parentElement.closest(".table-wrap, pre");
            if (scroller && !escapes) continue;
            const parent = element.parentElement.getBoundingClientRect();
            if (!escapes && parent.right > width + 0.5 && element.parentElement !== document.body) {
              continue;
            }
            out.push(`${element.tagName.toLowerCase()}.${[...element.classList].join(".")}`
              + ` reaches ${box.right.toFixed(0)} px`);
          }
          return out.slice(0, 10);
        }"""
    )
