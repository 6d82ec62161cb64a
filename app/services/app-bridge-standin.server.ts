// A local stand-in for Shopify's App Bridge script (https://cdn.shopify.com/shopifycloud/app-bridge.js),
// for the demo's admin preview (served at /preview/app-bridge.js) and the browser tests (served
// instead of the CDN: no network here). It does what the app relies on: `window.shopify` (id
// token, toast, loading, modal, save bar), the `ui-*` elements, and the session token on
// same-origin fetches (as the real script adds it). Modals, save bars and toasts render inside
// the page so a test can see and press them.
//
// Session tokens: a fixed `token` (tests), or — like Shopify admin, which hands the app fresh
// tokens from the parent frame — the admin preview frame's `stagelineAdminFrame.idToken()`.
// Inside that frame, the title bar and navigation menu are reported to it, and it navigates
// through the menu's own links (as Shopify admin does), so Remix moves client-side.
export function appBridgeStandIn(options: {
  apiKey: string;
  shop: string;
  token?: string;
}): string {
  return `(() => {
  const fixedToken = ${JSON.stringify(options.token ?? null)};
  const frame = (() => {
    try {
      return window.parent !== window ? window.parent.stagelineAdminFrame || null : null;
    } catch {
      return null; // a cross-origin parent
    }
  })();
  const firstToken = new URLSearchParams(location.search).get("id_token");
  const idToken = () =>
    fixedToken ? Promise.resolve(fixedToken) : frame ? frame.idToken() : Promise.resolve(firstToken);
  const style = document.createElement("style");
  style.textContent = [
    "ui-nav-menu, ui-title-bar { display: none; }",
    "ui-modal { display: none; }",
    "ui-modal[open] { display: block; position: fixed; inset: 5% 15%; z-index: 1000; background: #fff;",
    "  border: 1px solid #ccc; border-radius: 12px; overflow: auto; padding: 8px; }",
    "ui-modal[open] ui-title-bar { display: flex; gap: 8px; padding: 8px; }",
    "ui-save-bar { display: none; }",
    "ui-save-bar[open] { display: flex; gap: 8px; position: fixed; top: 0; right: 0; z-index: 900; padding: 8px; background: #eee; }",
    "#stub-toasts { position: fixed; bottom: 8px; left: 8px; z-index: 1100; }",
  ].join("\\n");
  document.head.appendChild(style);

  class Shown extends HTMLElement {
    show() {
      this.setAttribute("open", "");
      this.dispatchEvent(new Event("show"));
      return Promise.resolve();
    }
    hide() {
      if (!this.hasAttribute("open")) return Promise.resolve();
      this.removeAttribute("open");
      this.dispatchEvent(new Event("hide"));
      return Promise.resolve();
    }
    toggle() {
      return this.hasAttribute("open") ? this.hide() : this.show();
    }
  }
  class UiModal extends Shown {
    // Created when the app first asks for it (after hydration), so server HTML stays as rendered.
    get content() {
      if (!this._content) {
        this._content = document.createElement("div");
        this._content.setAttribute("data-modal-content", "");
        this.appendChild(this._content);
      }
      return this._content;
    }
  }
  customElements.define("ui-modal", UiModal);
  customElements.define("ui-save-bar", class extends Shown {});
  customElements.define("ui-title-bar", class extends HTMLElement {});
  customElements.define("ui-nav-menu", class extends HTMLElement {});

  if (frame) {
    const report = () => {
      const menu = document.querySelector("ui-nav-menu");
      const links = menu
        ? [...menu.querySelectorAll("a")].map((a) => ({ href: a.getAttribute("href"), label: a.textContent }))
        : [];
      const bar = [...document.querySelectorAll("ui-title-bar")].find((b) => !b.closest("ui-modal"));
      frame.update({ path: location.pathname, title: bar ? bar.getAttribute("title") : null, links });
    };
    new MutationObserver(report).observe(document.documentElement, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ["title", "href"],
    });
    addEventListener("popstate", report);
    const push = history.pushState.bind(history);
    history.pushState = (...args) => {
      push(...args);
      queueMicrotask(report);
    };
    window.stagelineAppBridge = {
      /** Follows the menu's link to href (client-side), or reports that there is none. */
      navigate(href) {
        const link = [...document.querySelectorAll("ui-nav-menu a")].find((a) => a.getAttribute("href") === href);
        if (!link) return false;
        link.click();
        return true;
      },
    };
  }

  const byId = (id) => document.getElementById(id);
  window.shopify = {
    config: { apiKey: ${JSON.stringify(options.apiKey)}, shop: ${JSON.stringify(options.shop)}, locale: "en" },
    environment: { embedded: true, mobile: false, pos: false },
    idToken,
    loading: () => {},
    toast: {
      show(message, opts = {}) {
        let box = byId("stub-toasts");
        if (!box) {
          box = document.createElement("div");
          box.id = "stub-toasts";
          document.body.appendChild(box);
        }
        const toast = document.createElement("div");
        toast.setAttribute("role", "status");
        toast.setAttribute("data-toast", "");
        toast.textContent = message + " ";
        if (opts.action) {
          const button = document.createElement("button");
          button.textContent = opts.action;
          button.addEventListener("click", () => opts.onAction && opts.onAction());
          toast.appendChild(button);
        }
        box.appendChild(toast);
        return "toast-" + box.childElementCount;
      },
      hide() {},
    },
    modal: { show: (id) => byId(id)?.show(), hide: (id) => byId(id)?.hide(), toggle: (id) => byId(id)?.toggle() },
    saveBar: { show: (id) => byId(id)?.show(), hide: (id) => byId(id)?.hide(), toggle: (id) => byId(id)?.toggle(), leaveConfirmation: () => Promise.resolve() },
  };

  const originalFetch = window.fetch.bind(window);
  window.fetch = (input, init = {}) => {
    const url = new URL(input instanceof Request ? input.url : String(input), location.href);
    if (url.origin !== location.origin) return originalFetch(input, init);
    return idToken().then((token) => {
      const headers = new Headers(init.headers || (input instanceof Request ? input.headers : undefined));
      headers.set("Authorization", "Bearer " + token);
      return originalFetch(input, { ...init, headers });
    });
  };
})();`;
}
