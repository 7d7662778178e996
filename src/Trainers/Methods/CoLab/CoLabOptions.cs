using MLSegmentation.Onnx;
using MLSegmentation.Networks;

namespace MLSegmentation.Trainers.Methods;

/// <summary>
/// CoLab's knobs (METHODS.md §1; Li et al., IEEE TMI 2023). The defaults are the paper's: one context class,
/// τ_sub = 30, τ_dev = 20, a meta step every 5 iterations, the generator trained by Adam at 3·10⁻⁴ with poly decay
/// over the run, the exact meta-gradient. The segmenter's own optimizer, schedule and clipping are the trainer's
/// (<see cref="Training.TrainerOptions"/>; CoLab's paper uses SGD 1e-2, momentum 0.99, Nesterov, clip 12).
/// </summary>
public sealed record CoLabOptions
{
    /// <summary>Number of context classes K the background is split into (the generator has K + 1 outputs); default 1.</summary>
    public int ContextClasses { get; init; } = 1;

    /// <summary>τ_sub of the distance fade m = min(1, exp((τ_sub − d)/τ_dev)), in pixels (voxels); default 30.</summary>
    public double TauSub { get; init; } = 30;

    /// <summary>τ_dev of the distance fade, in pixels (voxels); default 20.</summary>
    public double TauDev { get; init; } = 20;

    /// <summary>A meta step (generator update) runs at every step that is a multiple of this, before the normal step; default 5.</summary>
    public int TaskUpdateEvery { get; init; } = 5;

    /// <summary>Initial learning rate of the generator's Adam; decays as (1 − step/steps)^0.9 over the run; default 3e-4.</summary>
    public double GeneratorLearningRate { get; init; } = 3e-4;

    /// <summary>
    /// The ablation with a frozen random generator: g_φ keeps its random initialisation (no meta steps), so the context
    /// targets carry no learned task; default false (the paper's meta-learned generator).
    /// </summary>
    public bool FreezeGenerator { get; init; }

    /// <summary>How the meta-gradient is computed; default <see cref="Methods.MetaGradient.Exact"/>.</summary>
    public MetaGradient MetaGradient { get; init; } = MetaGradient.Exact;

    /// <summary>
    /// The finite difference's step length ‖R·v‖ (R = radius/‖v‖); default 0.01, the official value. Only used with
    /// <see cref="Methods.MetaGradient.FiniteDifference"/>; on a small U-Net it differs from the exact gradient by about
    /// 1 % (truncation error across the activations' kinks), by 0.7 % at 1e-3.
    /// </summary>
    public double FiniteDifferenceRadius { get; init; } = 0.01;

    /// <summary>
    /// Deep supervision of the primary loss with weights [4/7, 2/7, 1/7, 0]: null (the default) follows the network's
    /// <see cref="Networks.UNetOptions.DeepSupervision"/>; false uses the full-resolution output only (true on a
    /// network without deep heads is the same as false).
    /// </summary>
    public bool? DeepSupervision { get; init; }

    /// <summary>How the context channels merge into background wherever the model predicts (validation, the saved model, its ONNX graph); default <see cref="ContextMergeRule.ArgMaxThenMap"/>.</summary>
    public ContextMergeRule Merge { get; init; } = ContextMergeRule.ArgMaxThenMap;

    /// <summary>Throws when a knob is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ContextClasses, 1, nameof(ContextClasses));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(TauDev, nameof(TauDev));
        if (!double.IsFinite(TauSub)) throw new ArgumentOutOfRangeException(nameof(TauSub), TauSub, "must be finite");
        ArgumentOutOfRangeException.ThrowIfLessThan(TaskUpdateEvery, 1, nameof(TaskUpdateEvery));
        ArgumentOutOfRangeException.ThrowIfNegative(GeneratorLearningRate, nameof(GeneratorLearningRate));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(FiniteDifferenceRadius, nameof(FiniteDifferenceRadius));
    }
}
