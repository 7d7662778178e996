using Microsoft.Win32.SafeHandles;

namespace MLSegmentation.Transforms;

/// <summary>A TurboJPEG decompressor instance (<c>tjhandle</c>), destroyed with <c>tjDestroy</c>.</summary>
internal sealed class TurboJpegHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    /// <summary>Creates an empty handle; the marshaller sets it.</summary>
    public TurboJpegHandle()
        : base(ownsHandle: true)
    {
    }

    /// <inheritdoc/>
    protected override bool ReleaseHandle() => TurboJpegNative.Destroy(handle) == 0;
}
