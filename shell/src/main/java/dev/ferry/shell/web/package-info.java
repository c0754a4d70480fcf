/**
 * The live web console the coordinator serves: a JSON API under {@code /api} (for the page and for
 * scripts), Server-Sent Events for live updates, and one static page (plain HTML, CSS, JavaScript
 * from this jar; no front-end build). It only reads the coordinator and calls its API.
 */
package dev.ferry.shell.web;
