namespace MLSegmentation.Transforms;

/// <summary>A dataset that can tell a sample's spatial size from file headers, without decoding the voxels.</summary>
internal interface ISizeHint
{
    /// <summary>The spatial size of sample <paramref name="index"/>, or null when only decoding can tell.</summary>
    int[]? PeekSize(int index);
}
