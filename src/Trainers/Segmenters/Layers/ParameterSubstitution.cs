using TorchSharp;
using static TorchSharp.torch;

namespace MLSegmentation.Trainers.Segmenters;

/// <summary>
/// Runs the project's layers with other tensors in place of their parameters and buffers, as PyTorch's
/// <c>torch.func.functional_call</c>: CoLab's fast weights θ' = θ − α·G go through the same forward, and gradients flow
/// back through them to θ. Layers read every parameter and buffer through <see cref="Resolve"/>. The substitution holds
/// for the current thread of execution (async flow) until the returned scope is disposed; scopes nest, the inner
/// one winning.
/// </summary>
public static class ParameterSubstitution
{
    private static readonly AsyncLocal<Dictionary<Tensor, Tensor>?> Current = new();

    /// <summary>
    /// Substitutes, by dotted name (<c>encoder.0.layers.0.weight</c>, as <c>named_parameters</c> and
    /// <c>named_buffers</c> give them), tensors for <paramref name="module"/>'s parameters and buffers. Names not given
    /// keep the module's own tensors. The caller keeps ownership of the tensors.
    /// </summary>
    /// <exception cref="ArgumentException">A name is not a parameter or buffer of the module, or a shape differs; the message names it.</exception>
    public static IDisposable Substitute(nn.Module module, IReadOnlyDictionary<string, Tensor> tensors)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(tensors);
        var own = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach ((string name, Tensor t) in module.named_parameters()) own[name] = t;
        foreach ((string name, Tensor t) in module.named_buffers()) own[name] = t;
        Dictionary<Tensor, Tensor>? outer = Current.Value;
        var map = outer is null ? new Dictionary<Tensor, Tensor>(ReferenceEqualityComparer.Instance) : new Dictionary<Tensor, Tensor>(outer, ReferenceEqualityComparer.Instance);
        foreach ((string name, Tensor substitute) in tensors)
        {
            if (!own.TryGetValue(name, out Tensor? target))
                throw new ArgumentException($"'{name}' is not a parameter or buffer of {module.GetName()}", nameof(tensors));
            if (!target.shape.SequenceEqual(substitute.shape))
                throw new ArgumentException($"'{name}' has shape [{string.Join(", ", target.shape)}], its substitute [{string.Join(", ", substitute.shape)}]", nameof(tensors));
            map[target] = substitute;
        }
        Current.Value = map;
        return new Scope(outer);
    }

    /// <summary>The tensor standing for <paramref name="own"/> (a layer's parameter or buffer) in the current scope.</summary>
    public static Tensor Resolve(Tensor own) => Current.Value is { } map && map.TryGetValue(own, out Tensor? s) ? s : own;

    /// <summary><see cref="Resolve(Tensor)"/> for optional tensors (a convolution without bias).</summary>
    public static Tensor? ResolveOptional(Tensor? own) => own is null ? null : Resolve(own);

    private sealed class Scope(Dictionary<Tensor, Tensor>? outer) : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            Current.Value = outer;
        }
    }
}
