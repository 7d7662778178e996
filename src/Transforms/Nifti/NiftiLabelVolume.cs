namespace MLSegmentation.Transforms;

/// <summary>A NIfTI volume read as class indices: its header (geometry) and the labels.</summary>
/// <param name="Header">The header as the file had it.</param>
/// <param name="Labels">The labels, [nz, ny, nx], spacing [dz, dy, dx].</param>
public sealed record NiftiLabelVolume(NiftiHeader Header, LabelMap Labels);
