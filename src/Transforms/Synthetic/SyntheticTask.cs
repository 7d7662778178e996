namespace MLSegmentation.Transforms;

/// <summary>
/// Named presets of <see cref="SyntheticOptions"/>, each built to test one method's claim (see
/// <see cref="SyntheticOptions.ForTask"/> for the knob values). All are 64×64 2D tasks.
/// </summary>
public enum SyntheticTask
{
    /// <summary>The default benchmark: <c>new SyntheticOptions()</c> (5 classes, heterogeneity 0.5, occlusion 0.2, noise 5).</summary>
    Standard,

    /// <summary>
    /// For CoLab (over-segmentation on a heterogeneous background): 2 classes (background, blob = the ROI),
    /// <see cref="SyntheticOptions.BackgroundHeterogeneity"/> 1, <see cref="SyntheticOptions.Distractors"/> 4 unlabelled
    /// soft-edged bright patches peaking in the blob's intensity range, <see cref="SyntheticOptions.ObjectScale"/> 0.6,
    /// occlusion 0, noise 5.
    /// </summary>
    HeterogeneousBackground,

    /// <summary>
    /// For MaskSup (context for partly hidden regions): 5 classes, <see cref="SyntheticOptions.Occlusion"/> 0.5
    /// (objects over objects), <see cref="SyntheticOptions.Occluders"/> 3 flat background-grey discs hiding part of
    /// objects whose labels are kept, heterogeneity 0.5, noise 5.
    /// </summary>
    Occlusion,

    /// <summary>
    /// For semantic contrastive learning (several objects per image): 5 classes,
    /// <see cref="SyntheticOptions.ObjectsPerClass"/> 3 (so every image holds several objects of every class),
    /// <see cref="SyntheticOptions.ObjectScale"/> 0.7, occlusion 0, heterogeneity 0.5, noise 5.
    /// </summary>
    MultipleObjects,
}
