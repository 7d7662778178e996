namespace MLSegmentation.Transforms;

/// <summary>How mask files encode classes.</summary>
public enum MaskEncoding
{
    /// <summary>
    /// Class indices, except that a mask whose values are all 0 or 255 is read as binary (255 → 1) unless
    /// 255 is a declared class; a JPEG mask (lossy) is thresholded at 128 into 0/1.
    /// </summary>
    Auto,

    /// <summary>Pixel values are class indices, as stored.</summary>
    ClassIndices,

    /// <summary>Binary masks: 0 is background, 255 (or 1) is foreground; any other value is an error (JPEG masks are thresholded at 128).</summary>
    Binary,
}
