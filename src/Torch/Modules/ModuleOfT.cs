namespace MLSegmentation.Torch.Modules;

/// <summary>
/// A module with a typed <see cref="forward"/>. Results are new tensors owned by the caller (or the current
/// dispose scope); inputs stay owned by the caller.
/// </summary>
/// <typeparam name="TIn">The input type, usually <see cref="Tensor"/>.</typeparam>
/// <typeparam name="TOut">The output type, usually <see cref="Tensor"/>.</typeparam>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1716:Identifiers should not match keywords",
    Justification = "PyTorch's and TorchSharp's name; the API mirrors them on purpose.")]
public abstract class Module<TIn, TOut> : Module
{
    /// <summary>The computation; read parameters and buffers through <see cref="Module.Resolve"/>.</summary>
    public abstract TOut forward(TIn input);

    /// <summary>Runs <see cref="forward"/> (the place where hooks would run, as PyTorch's <c>__call__</c>).</summary>
    public TOut call(TIn input) => forward(input);
}
