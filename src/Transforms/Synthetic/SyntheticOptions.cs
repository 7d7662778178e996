namespace MLSegmentation.Transforms;

/// <summary>
/// Knobs of <see cref="SyntheticDatasetGenerator"/>. The defaults give a learnable 64×64 2D task
/// (every class differs from the background in intensity, texture and shape).
/// </summary>
public sealed record SyntheticOptions
{
    /// <summary>Rows. Default 64.</summary>
    public int Height { get; init; } = 64;

    /// <summary>Columns. Default 64.</summary>
    public int Width { get; init; } = 64;

    /// <summary>Slices; 1 (the default) makes 2D images, more makes volumes.</summary>
    public int Depth { get; init; } = 1;

    /// <summary>
    /// Number of classes including background, 2 to 5. The foreground classes, in order:
    /// 1 blob, 2 shape (textured polygon), 3 thin structure, 4 small lesion. Default 5.
    /// </summary>
    public int ClassCount { get; init; } = 5;

    /// <summary>
    /// Background heterogeneity in [0, 1]: 0 is a flat background; higher values add a stronger
    /// procedural texture and more, brighter distractor patches that resemble objects (what makes a
    /// plain model over-segment). Default 0.5.
    /// </summary>
    public double BackgroundHeterogeneity { get; init; } = 0.5;

    /// <summary>Probability that an image contains small lesions at all (the rare class). Default 0.6.</summary>
    public double LesionProbability { get; init; } = 0.6;

    /// <summary>Scale of every object relative to the default sizes (below 1 makes small objects). Default 1.</summary>
    public double ObjectScale { get; init; } = 1.0;

    /// <summary>Occlusion in [0, 1]: the probability that an object is placed over an earlier one, hiding part of it. Default 0.2.</summary>
    public double Occlusion { get; init; } = 0.2;

    /// <summary>Standard deviation of the Gaussian pixel noise (intensities span 0–255). Default 5.</summary>
    public double NoiseSigma { get; init; } = 5.0;

    /// <summary>
    /// Unlabelled distractors per image that resemble the blob (class 1): soft-edged Gaussian patches of the background whose
    /// peak lies in the blob's intensity range (185–215), so intensity alone does not tell them apart, only their blurred edge
    /// and missing shading. Default 0.
    /// </summary>
    public int Distractors { get; init; }

    /// <summary>
    /// Occluders per image: flat discs of the plain background intensity (90), each centred on a pixel of a random blob,
    /// shape or thin structure, painted over the image after the objects; the labels keep the hidden parts, so a model
    /// must infer them from the visible rest. Radius 0.3–0.5 of the object's box half-size (at least 1.5 pixels). Default 0.
    /// </summary>
    public int Occluders { get; init; }

    /// <summary>
    /// Objects of every foreground class per image: 0 (the default) places 1–2 objects of each class and, with probability
    /// <see cref="LesionProbability"/>, 1–3 lesions; N ≥ 1 places exactly N objects of every class, lesions included
    /// (<see cref="LesionProbability"/> is then unused).
    /// </summary>
    public int ObjectsPerClass { get; init; }

    /// <summary>The knobs of <paramref name="task"/> (documented on each <see cref="SyntheticTask"/> value).</summary>
    /// <exception cref="ArgumentOutOfRangeException">An undefined task.</exception>
    public static SyntheticOptions ForTask(SyntheticTask task) => task switch
    {
        SyntheticTask.Standard => new SyntheticOptions(),
        SyntheticTask.HeterogeneousBackground => new SyntheticOptions
        {
            ClassCount = 2, BackgroundHeterogeneity = 1, Distractors = 4, ObjectScale = 0.6, Occlusion = 0,
        },
        SyntheticTask.Occlusion => new SyntheticOptions { Occlusion = 0.5, Occluders = 3 },
        SyntheticTask.MultipleObjects => new SyntheticOptions { ObjectsPerClass = 3, ObjectScale = 0.7, Occlusion = 0 },
        _ => throw new ArgumentOutOfRangeException(nameof(task), task, "Unknown synthetic task."),
    };

    /// <summary>Throws <see cref="ArgumentException"/> when a knob is out of range.</summary>
    public void Validate()
    {
        if (Height < 8 || Width < 8 || Depth < 1)
        {
            throw new ArgumentException($"Images must be at least 8×8 (depth ≥ 1), got {Depth}×{Height}×{Width}.");
        }

        if (ClassCount is < 2 or > 5)
        {
            throw new ArgumentException($"ClassCount is 2 to 5 (background + up to 4 object classes), got {ClassCount}.");
        }

        if (BackgroundHeterogeneity is < 0 or > 1 || LesionProbability is < 0 or > 1 || Occlusion is < 0 or > 1)
        {
            throw new ArgumentException("BackgroundHeterogeneity, LesionProbability and Occlusion lie in [0, 1].");
        }

        if (!(ObjectScale > 0) || !(NoiseSigma >= 0))
        {
            throw new ArgumentException("ObjectScale must be positive and NoiseSigma non-negative.");
        }

        if (Distractors is < 0 or > 64 || Occluders is < 0 or > 64 || ObjectsPerClass is < 0 or > 16)
        {
            throw new ArgumentException($"Distractors and Occluders lie in 0–64 and ObjectsPerClass in 0–16, got {Distractors}, {Occluders} and {ObjectsPerClass}.");
        }
    }
}
