/*
 * Stageline storefront order lookup (app block "Order lookup").
 *
 * DOM contract, rendered by blocks/order-lookup.liquid:
 *   [data-stageline-lookup]            root; data-endpoint (storefront app proxy path built in Liquid),
 *                                      data-root-url, data-logged-in ("true"|"false"), data-locale
 *   script[data-stageline-i18n]        JSON object with every string this script shows
 *   form[data-stageline-form]          inputs name="order" and name="email" or name="phone"
 *   [data-stageline-error-for=<name>]  inline error of a field
 *   [data-stageline-status]            loading and error messages
 *   [data-stageline-result]            the looked-up order (aria-live region)
 *   [data-stageline-recent]            a logged-in customer's recent orders
 *
 * Data from the server (order names, merchant stage labels) is only ever set through textContent
 * and attributes; no markup is parsed.
 */
(function () {
  "use strict";

  if (window.StagelineLookup) return;

  var EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
  var uid = 0;

  function str(value) {
    return value == null ? "" : String(value);
  }

  function isObject(value) {
    return !!value && typeof value === "object";
  }

  function fill(template, key, value) {
    return str(template)
      .split("{" + key + "}")
      .join(value);
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }

  /** Same-origin path: one leading slash, no repeated or trailing slashes. */
  function cleanPath(value) {
    return ("/" + str(value)).replace(/\/{2,}/g, "/").replace(/\/+$/, "");
  }

  /** Only absolute http(s) URLs may become tracking links. */
  function safeUrl(value) {
    if (typeof value !== "string") return "";
    try {
      var url = new URL(value);
      return /^https?:$/.test(url.protocol) ? url.href : "";
    } catch {
      return "";
    }
  }

  /** Retry-After is delta-seconds or an HTTP date. */
  function retryAfterSeconds(header) {
    var value = str(header).trim();
    if (/^\d+$/.test(value)) return Math.max(1, parseInt(value, 10));
    var at = Date.parse(value);
    return isNaN(at) ? null : Math.max(1, Math.ceil((at - Date.now()) / 1000));
  }

  function init(root) {
    if (root.getAttribute("data-stageline-ready") === "true") return;
    root.setAttribute("data-stageline-ready", "true");

    var t = {};
    try {
      t = JSON.parse(root.querySelector("[data-stageline-i18n]").textContent) || {};
    } catch {
      t = {};
    }
    var endpoint = cleanPath(root.getAttribute("data-endpoint"));
    var rootUrl = cleanPath(root.getAttribute("data-root-url"));
    var lang = document.documentElement.lang || root.getAttribute("data-locale") || undefined;
    var form = root.querySelector("[data-stageline-form]");
    var status = root.querySelector("[data-stageline-status]");
    var result = root.querySelector("[data-stageline-result]");
    var recent = root.querySelector("[data-stageline-recent]");
    if (!form || !result) return;
    var button = form.querySelector('[type="submit"]');
    var contactName = form.querySelector('[name="phone"]') ? "phone" : "email";
    var statusClass = status ? status.className : "";
    var pending = null;

    function format(value, options) {
      try {
        return new Intl.DateTimeFormat(lang, options).format(value);
      } catch {
        return new Intl.DateTimeFormat(undefined, options).format(value);
      }
    }

    /** Localized date (and time for timeline entries); date-only values stay on their day. */
    function formatDate(value, withTime) {
      var text = str(value);
      if (!text) return "";
      var date = new Date(text);
      if (isNaN(date.getTime())) return "";
      if (/^\d{4}-\d{2}-\d{2}$/.test(text))
        return format(date, { dateStyle: "medium", timeZone: "UTC" });
      return format(
        date,
        withTime ? { dateStyle: "medium", timeStyle: "short" } : { dateStyle: "medium" },
      );
    }

    function plural(count) {
      try {
        return new Intl.PluralRules(lang).select(count);
      } catch {
        return count === 1 ? "one" : "other";
      }
    }

    function setStatus(message, isError) {
      if (!status) return;
      status.textContent = message || "";
      status.className = statusClass + (isError ? " is-error" : "");
    }

    function field(name) {
      return form.querySelector('[name="' + name + '"]');
    }

    function setFieldError(name, message) {
      var input = field(name);
      var output = form.querySelector('[data-stageline-error-for="' + name + '"]');
      if (output) output.textContent = message || "";
      if (input) {
        if (message) input.setAttribute("aria-invalid", "true");
        else input.removeAttribute("aria-invalid");
      }
      return input;
    }

    function setBusy(on) {
      if (button) {
        button.disabled = on;
        if (on) button.setAttribute("aria-busy", "true");
        else button.removeAttribute("aria-busy");
      }
      result.setAttribute("aria-busy", on ? "true" : "false");
    }

    function shipmentStatus(value) {
      var labels = isObject(t.shipmentStatus) ? t.shipmentStatus : {};
      var key = value.toLowerCase().replace(/[\s-]+/g, "_");
      return Object.prototype.hasOwnProperty.call(labels, key) ? str(labels[key]) : value;
    }

    function renderShipment(shipment) {
      var item = el("li", "stageline-lookup__shipment");
      if (shipment.trackingCompany) {
        item.appendChild(el("p", "stageline-lookup__carrier", str(shipment.trackingCompany)));
      }
      if (shipment.trackingNumber) {
        item.appendChild(el("p", "", str(t.trackingNumber) + ": " + str(shipment.trackingNumber)));
      }
      var state = str(shipment.status);
      if (state)
        item.appendChild(el("p", "stageline-lookup__shipment-status", shipmentStatus(state)));
      var eta = formatDate(shipment.estimatedDeliveryAt);
      if (eta) item.appendChild(el("p", "", str(t.estimatedDelivery) + ": " + eta));
      var url = safeUrl(shipment.trackingUrl);
      if (url) {
        var link = el("a", "stageline-lookup__link", str(t.trackPackage));
        link.setAttribute("href", url);
        link.setAttribute("target", "_blank");
        link.setAttribute("rel", "noopener noreferrer");
        link.appendChild(el("span", "stageline-lookup__vh", " (" + str(t.newTab) + ")"));
        item.appendChild(el("p")).appendChild(link);
      }
      return item;
    }

    function renderStep(step, stage) {
      var state = step.current ? "current" : step.at ? "done" : "upcoming";
      var item = el("li", "stageline-lookup__step is-" + state);
      if (step.current) item.setAttribute("aria-current", "step");
      item.appendChild(el("span", "stageline-lookup__step-label", str(step.label)));
      var when = formatDate(step.at, true);
      if (when) {
        var time = el("time", "stageline-lookup__step-date", when);
        time.setAttribute("datetime", str(step.at));
        item.appendChild(time);
      } else if (state === "upcoming") {
        item.appendChild(el("span", "stageline-lookup__step-note", str(t.upcoming)));
      }
      if (step.current && stage.description) {
        item.appendChild(el("p", "stageline-lookup__step-description", str(stage.description)));
      }
      return item;
    }

    /** One order card; the same format for a lookup result and for recent orders. */
    function renderOrder(order, level) {
      var card = el("article", "stageline-lookup__order");
      var title = el(
        "h" + level,
        "stageline-lookup__order-title",
        fill(t.orderTitle, "name", str(order.name)),
      );
      title.setAttribute("tabindex", "-1");
      card.appendChild(title);

      var placed = formatDate(order.placedAt);
      if (placed)
        card.appendChild(el("p", "stageline-lookup__meta", fill(t.placedOn, "date", placed)));

      var stage = isObject(order.stage) ? order.stage : {};
      if (stage.label) card.appendChild(el("p", "stageline-lookup__stage", str(stage.label)));

      var steps = (Array.isArray(order.timeline) ? order.timeline : []).filter(isObject);
      var hasCurrent = steps.some(function (step) {
        return step.current === true;
      });
      if (stage.description && !hasCurrent) {
        card.appendChild(el("p", "stageline-lookup__step-description", str(stage.description)));
      }
      if (steps.length) {
        var timeline = el("ol", "stageline-lookup__timeline");
        timeline.setAttribute("aria-label", str(t.progress));
        steps.forEach(function (step) {
          timeline.appendChild(renderStep(step, stage));
        });
        card.appendChild(timeline);
      }

      var eta = formatDate(order.estimatedDelivery);
      if (eta)
        card.appendChild(
          el("p", "stageline-lookup__delivery", str(t.estimatedDelivery) + ": " + eta),
        );

      var shipments = (Array.isArray(order.shipments) ? order.shipments : []).filter(isObject);
      if (shipments.length) {
        card.appendChild(
          el("h" + (level + 1), "stageline-lookup__section-title", str(t.shipments)),
        );
        var list = el("ul", "stageline-lookup__shipments");
        shipments.forEach(function (shipment) {
          list.appendChild(renderShipment(shipment));
        });
        card.appendChild(list);
      }

      var reorder = order.reorderPath;
      if (
        typeof reorder === "string" &&
        reorder.indexOf("/cart/") === 0 &&
        !/[\s\\]|\.\./.test(reorder)
      ) {
        var again = el("a", "stageline-lookup__reorder", str(t.orderAgain));
        again.setAttribute("href", rootUrl + reorder);
        card.appendChild(el("p")).appendChild(again);
      }
      return card;
    }

    function errorMessage(response) {
      var code = response && response.status;
      if (code === 404) return t.notFound;
      if (code === 422) return t.invalid;
      if (code === 429) {
        var seconds = retryAfterSeconds(response.headers && response.headers.get("Retry-After"));
        if (seconds == null) return t.rateLimited;
        return fill(
          plural(seconds) === "one" ? t.rateLimitedOne : t.rateLimitedOther,
          "seconds",
          String(seconds),
        );
      }
      return t.error;
    }

    function lookup(payload) {
      if (pending) pending.abort();
      var request =
        typeof AbortController === "function" ? new AbortController() : { abort: function () {} };
      pending = request;
      var timer = setTimeout(function () {
        request.abort();
      }, 20000);
      setBusy(true);
      setStatus(t.loading);
      // The status line is drawn over the result area (see the CSS), which stays empty meanwhile.
      result.replaceChildren();

      /** True when this request is still the latest one (a newer submit supersedes it). */
      function settle() {
        clearTimeout(timer);
        if (pending !== request) return false;
        pending = null;
        setBusy(false);
        return true;
      }

      fetch(endpoint + "/lookup", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify(payload),
        credentials: "same-origin",
        signal: request.signal,
      })
        .then(function (response) {
          if (response.status !== 200) throw response;
          return response.json();
        })
        .then(function (data) {
          if (!isObject(data) || !isObject(data.order)) throw data;
          if (!settle()) return;
          setStatus("");
          var card = renderOrder(data.order, 3);
          result.replaceChildren(card);
          result.scrollTop = 0;
          card.firstChild.focus();
        })
        .catch(function (response) {
          if (!settle()) return;
          setStatus(errorMessage(response), true);
          var active = document.activeElement;
          if (button && (!active || active === document.body)) button.focus();
        });
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var orderInput = field("order");
      var contactInput = field(contactName);
      var order = orderInput ? str(orderInput.value).trim() : "";
      var contact = contactInput ? str(contactInput.value).trim() : "";
      var contactError =
        contactName === "phone"
          ? contact.replace(/\D/g, "").length >= 6
            ? ""
            : t.phoneInvalid
          : EMAIL.test(contact)
            ? ""
            : t.emailInvalid;
      var checks = [
        ["order", order ? "" : t.orderRequired],
        [contactName, contactError],
      ];
      var firstInvalid = null;
      checks.forEach(function (check) {
        var input = setFieldError(check[0], check[1]);
        if (check[1] && !firstInvalid) firstInvalid = input;
      });
      if (firstInvalid) {
        setStatus("");
        firstInvalid.focus();
        return;
      }
      var payload = { order: order };
      payload[contactName] = contact;
      lookup(payload);
    });

    form.addEventListener("input", function (event) {
      var name = event.target && event.target.getAttribute && event.target.getAttribute("name");
      if (name) setFieldError(name, "");
    });

    ["order", contactName].forEach(function (name) {
      var input = field(name);
      var output = form.querySelector('[data-stageline-error-for="' + name + '"]');
      if (input && output) {
        output.id = "stageline-lookup-" + ++uid + "-" + name;
        input.setAttribute("aria-describedby", output.id);
      }
    });

    if (recent && root.getAttribute("data-logged-in") === "true") {
      fetch(endpoint + "/orders", {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      })
        .then(function (response) {
          if (response.status !== 200) throw response;
          return response.json();
        })
        .then(function (data) {
          var orders = (isObject(data) && Array.isArray(data.orders) ? data.orders : []).filter(
            isObject,
          );
          if (!orders.length) throw data;
          var heading = el("h3", "stageline-lookup__recent-title", str(t.recentOrders));
          heading.id = "stageline-lookup-" + ++uid + "-recent";
          recent.setAttribute("aria-labelledby", heading.id);
          var list = el("ul", "stageline-lookup__recent-list");
          orders.forEach(function (order) {
            list.appendChild(el("li")).appendChild(renderOrder(order, 4));
          });
          recent.replaceChildren(heading, list);
          recent.hidden = false;
        })
        .catch(function () {
          recent.replaceChildren();
          recent.hidden = true;
        });
    }
  }

  function scan(scope) {
    var roots = (scope && scope.querySelectorAll ? scope : document).querySelectorAll(
      "[data-stageline-lookup]",
    );
    for (var i = 0; i < roots.length; i++) init(roots[i]);
  }

  window.StagelineLookup = { init: scan };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      scan(document);
    });
  } else {
    scan(document);
  }
  // Theme editor: blocks re-render when the merchant changes settings.
  document.addEventListener("shopify:section:load", function (event) {
    scan(event.target);
  });
})();
