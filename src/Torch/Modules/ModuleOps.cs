namespace MLSegmentation.Torch.Modules;

/// <summary>ATen operators the modules and optimizers need that the tensor API does not expose (yet).</summary>
internal static class ModuleOps
{
    private static readonly Operator s_addScalarInPlace = new("aten::add_", "Scalar");
    private static readonly Operator s_divScalarInPlace = new("aten::div_", "Scalar");
    private static readonly Operator s_stack = new("aten::stack");

    /// <summary>In place: t += value.</summary>
    internal static void AddScalarInPlace(Tensor t, double value) => s_addScalarInPlace.InPlace(t, value, 1.0);

    /// <summary>In place: t += value for an integer tensor (keeps the value integral).</summary>
    internal static void AddScalarInPlace(Tensor t, long value) => s_addScalarInPlace.InPlace(t, value, 1L);

    /// <summary>In place: t /= value.</summary>
    internal static void DivScalarInPlace(Tensor t, double value) => s_divScalarInPlace.InPlace(t, value);

    /// <summary>Stacks tensors along a new first dimension.</summary>
    internal static Tensor Stack(Tensor[] tensors) => s_stack.Tensor(tensors, 0L);
}
