/**
 * Hooks on activations, named as in TransformerLens: a {@link org.toylens.hooks.HookPoint} is a
 * named identity that every intermediate value of a model passes through. Forward hooks observe
 * or replace the value (ablation, patching); hooks made with {@link org.toylens.hooks.Hook#observe}
 * can only observe, which lets a model keep a faster route to the value; backward hooks see (and
 * may replace) its gradient.
 * Hooks added through a {@link org.toylens.hooks.HookScope} vanish when the scope closes, also on
 * exceptions. {@link org.toylens.hooks.ActivationCache} stores what a run saw, by full name or
 * shorthand ({@code ("pattern", 0)}).
 */
package org.toylens.hooks;
