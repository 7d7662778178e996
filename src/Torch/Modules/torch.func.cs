using MLSegmentation.Torch.Modules;

namespace MLSegmentation.Torch;

public static partial class torch
{
    /// <summary>Function transforms over modules, as <c>torch.func</c>.</summary>
    public static class func
    {
        /// <summary>
        /// Runs <paramref name="module"/> on <paramref name="input"/> with the tensors of <paramref name="parameters"/>
        /// (by dotted name; parameters or buffers) in place of its own, e.g. fast weights θ' = θ − α∇θ whose gradients
        /// flow back to θ. Names not given keep the module's tensors. The caller keeps ownership of the tensors; the
        /// result is owned by the caller. See <see cref="Module.SubstituteParameters"/>.
        /// </summary>
        public static TOut functional_call<TIn, TOut>(Module<TIn, TOut> module, IReadOnlyDictionary<string, Tensor> parameters, TIn input)
        {
            ArgumentNullException.ThrowIfNull(module);
            using (module.SubstituteParameters(parameters)) return module.call(input);
        }
    }
}
