namespace MLSegmentation.Transforms;

/// <summary>How a patch's centre voxel was chosen.</summary>
public enum PatchCentreKind
{
    /// <summary>A random foreground voxel (label &gt; 0).</summary>
    Foreground,

    /// <summary>A random in-body voxel (image intensity above the body threshold).</summary>
    Body,

    /// <summary>A uniformly random voxel (no threshold given, or nothing above it).</summary>
    Anywhere,
}
