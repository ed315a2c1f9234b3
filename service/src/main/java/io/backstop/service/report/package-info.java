/**
 * The HTML report of {@code backstop quote --report} and {@code backstop stress --report}: one
 * self-contained file (inline CSS and SVG, no script, nothing fetched) built from the response
 * message alone, plus the request for the cover terms, so it is the same in-process and with {@code
 * --target}. Charts are drawn by JFreeChart and written as SVG by JFreeSVG.
 */
package io.backstop.service.report;
