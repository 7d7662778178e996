namespace MLSegmentation.Cli;

/// <summary>
/// <c>--loss</c>: the supervised loss of the baseline and of MaskSup's branches. Each method has its own by default
/// (<see cref="MethodTrainers.Loss(string)"/>); <c>mlseg experiment</c> gives the compared arm the method's, so that only the method differs.
/// </summary>
internal enum SupervisedLoss
{
    /// <summary>Soft Dice plus cross-entropy (nnU-Net's; the baseline's default).</summary>
    DiceCrossEntropy,

    /// <summary>Cross-entropy alone (MaskSup's paper; binary cross-entropy for binary MaskSup).</summary>
    CrossEntropy,
}
