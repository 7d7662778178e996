namespace MLSegmentation.Transforms;

/// <summary>A NIfTI volume read as an image: its header (geometry) and its scaled values.</summary>
/// <param name="Header">The header as the file had it.</param>
/// <param name="Image">The values after scl_slope/scl_inter, [channels = nt, nz, ny, nx], spacing [dz, dy, dx].</param>
public sealed record NiftiImage(NiftiHeader Header, Image Image);
