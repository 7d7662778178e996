namespace MLSegmentation.Trainers.Methods;

/// <summary>
/// Options of semantic-aware contrastive learning (Lee et al., IEEE JBHI 2023; METHODS.md §2, issue 8).
/// The defaults are the paper's unless said otherwise.
/// </summary>
public sealed record SemanticContrastiveOptions
{
    /// <summary>How an object is selected; default <see cref="AttentionMode.FeaturePooling"/>.</summary>
    public AttentionMode Attention { get; init; } = AttentionMode.FeaturePooling;

    /// <summary>Pixels by which each attention mask is dilated (max pooling, square/cube kernel); default 0.</summary>
    public int AttentionDilation { get; init; }

    /// <summary>Index into <c>UNet.Encode</c>'s list of the features that are pooled (0 = full resolution); null (the default) = the bottleneck.</summary>
    public int? EmbeddingLevel { get; init; }

    /// <summary>Output size of the projection head (features → features → this, ReLU, then L2 normalisation); default 256.</summary>
    public int ProjectionSize { get; init; } = 256;

    /// <summary>
    /// The labels SupCon contrasts: <see cref="ContrastiveLabels.Semantic"/> (the default, the paper's) or
    /// <see cref="ContrastiveLabels.ImageId"/> (the image-level ablation: each image's own id).
    /// </summary>
    public ContrastiveLabels Labels { get; init; } = ContrastiveLabels.Semantic;

    /// <summary>SupCon temperature τ; default 0.07.</summary>
    public double Temperature { get; init; } = 0.07;

    /// <summary>SupCon base temperature τ_base; default 0.07.</summary>
    public double BaseTemperature { get; init; } = 0.07;

    /// <summary>Two stages (default) or joint training.</summary>
    public ContrastiveSchedule Schedule { get; init; } = ContrastiveSchedule.PretrainThenFinetune;

    /// <summary>
    /// Stage-1 steps of <see cref="ContrastiveSchedule.PretrainThenFinetune"/>, taken out of the run's
    /// <c>TrainerOptions.Steps</c> (the total budget): stage 2 runs the remaining steps. Null (the default) takes
    /// <see cref="DefaultPretrainSteps"/> of the budget, 30 % (the paper trains to convergence; 300 of the default
    /// 1000 steps keeps the budget comparable with the baseline).
    /// </summary>
    public int? PretrainSteps { get; init; }

    /// <summary>Stage 1's share of a budget of <paramref name="steps"/> steps: 30 %, at least 1 and leaving stage 2 at least 1 (0 below 2 steps).</summary>
    public static int DefaultPretrainSteps(int steps) => steps < 2 ? 0 : (int)Math.Clamp(steps * 3L / 10, 1, steps - 1);

    /// <summary>λ of <see cref="ContrastiveSchedule.Joint"/>; default 0.1.</summary>
    public double Lambda { get; init; } = 0.1;

    /// <summary>Stage 2 keeps the pretrained encoder's weights fixed (the official code did); default false.</summary>
    public bool FreezeEncoder { get; init; }

    /// <summary>Random resized crop: smallest share of the image's area kept; default 0.3.</summary>
    public double CropScaleMin { get; init; } = 0.3;

    /// <summary>Random resized crop: largest share of the image's area kept; default 0.7.</summary>
    public double CropScaleMax { get; init; } = 0.7;

    /// <summary>Largest rotation of a view, degrees (drawn uniformly in ±this); default 30.</summary>
    public double RotationDegrees { get; init; } = 30;

    /// <summary>Probability of a horizontal flip of a view; default 0.5.</summary>
    public double FlipProbability { get; init; } = 0.5;

    /// <summary>Stage-1 optimizer: SGD learning rate; default 5e-4 (official, <see cref="Training.MethodPreset.ContrastivePretraining"/>).</summary>
    public double PretrainLearningRate { get; init; } = Training.MethodPreset.ContrastivePretraining.LearningRate;

    /// <summary>Stage-1 optimizer: SGD momentum (no Nesterov); default 0.9 (official).</summary>
    public double PretrainMomentum { get; init; } = Training.MethodPreset.ContrastivePretraining.Momentum;

    /// <summary>Stage-1 optimizer: weight decay; default 1e-4 (official).</summary>
    public double PretrainWeightDecay { get; init; } = Training.MethodPreset.ContrastivePretraining.WeightDecay;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when an option is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(AttentionDilation, nameof(AttentionDilation));
        if (EmbeddingLevel is < 0) throw new ArgumentOutOfRangeException(nameof(EmbeddingLevel), EmbeddingLevel, "must be a non-negative encoder stage or null");
        ArgumentOutOfRangeException.ThrowIfLessThan(ProjectionSize, 1, nameof(ProjectionSize));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Temperature, nameof(Temperature));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(BaseTemperature, nameof(BaseTemperature));
        if (PretrainSteps is < 0) throw new ArgumentOutOfRangeException(nameof(PretrainSteps), PretrainSteps, "must be non-negative or null");
        ArgumentOutOfRangeException.ThrowIfNegative(Lambda, nameof(Lambda));
        if (CropScaleMin <= 0 || CropScaleMax > 1 || CropScaleMin > CropScaleMax)
            throw new ArgumentOutOfRangeException(nameof(CropScaleMin), $"crop scales must satisfy 0 < min ≤ max ≤ 1, got {CropScaleMin}–{CropScaleMax}");
        ArgumentOutOfRangeException.ThrowIfNegative(RotationDegrees, nameof(RotationDegrees));
        if (FlipProbability is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(FlipProbability), FlipProbability, "must be in [0, 1]");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(PretrainLearningRate, nameof(PretrainLearningRate));
        ArgumentOutOfRangeException.ThrowIfNegative(PretrainMomentum, nameof(PretrainMomentum));
        ArgumentOutOfRangeException.ThrowIfNegative(PretrainWeightDecay, nameof(PretrainWeightDecay));
    }
}
