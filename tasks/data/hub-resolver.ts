// Placeholder: the Hugging Face hub client (downloads at pinned revisions into the shared HF cache)
// registers itself with setHubResolver() from this module.
export {};
