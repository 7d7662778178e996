namespace MLSegmentation.Transforms;

/// <summary>Where a sample comes from: its identifier and files, for splits and error messages.</summary>
/// <param name="Id">The sample's identifier (a file stem or case name), unique in its dataset.</param>
/// <param name="ImagePaths">The image file(s): one per modality, in channel order.</param>
/// <param name="MaskPath">The mask (label) file, or null for an unlabelled sample.</param>
public sealed record SampleInfo(string Id, IReadOnlyList<string> ImagePaths, string? MaskPath)
{
    /// <summary>Every file of the sample: images first, then the mask.</summary>
    public IReadOnlyList<string> Files => MaskPath is null ? ImagePaths : [.. ImagePaths, MaskPath];

    /// <summary>A short description naming the files, for messages.</summary>
    public override string ToString() =>
        $"sample '{Id}' (image {string.Join(", ", ImagePaths.Select(p => $"'{p}'"))}{(MaskPath is null ? "" : $", mask '{MaskPath}'")})";
}
