// The library's language: setLocale/getLocale, the message catalogue and the error translations.
export { setLocale, getLocale, chosenLocale, LOCALES, type Locale } from "./locale.js";
export { message, type MessageKey } from "./messages.js";
export { localizeError } from "./error-messages.js";
