using System.Buffers;
using MLSegmentation.Transforms;

namespace MLSegmentation.Onnx;

/// <summary>
/// One image or volume after pre-processing, waiting for its batch: the normalised (and, with
/// <see cref="ResizePolicy.ToTrainingSize"/>, resized) values [C, InputSize] in an array rented from
/// <see cref="ArrayPool{T}.Shared"/>, which <see cref="Release"/> returns (the pipeline calls it once copied).
/// </summary>
internal sealed class PreparedImage
{
    private float[]? _input;

    public PreparedImage(long index, ScoringInput source, float[] input, GridSize inputSize)
    {
        Index = index;
        Source = source.Source;
        Geometry = source.Geometry;
        Size = GridSize.Of(source.Image.Size);
        Spacing = source.Image.Spacing;
        _input = input;
        InputSize = inputSize;
    }

    /// <summary>Position in the scored sequence.</summary>
    public long Index { get; }

    /// <summary>File path, or null.</summary>
    public string? Source { get; }

    /// <summary>The NIfTI header of a volume read from a file (its geometry is written with the label volume), or null.</summary>
    public NiftiHeader? Geometry { get; }

    /// <summary>The original size (depth 1 for 2D images).</summary>
    public GridSize Size { get; }

    /// <summary>The original voxel spacing, kept on the results.</summary>
    public IReadOnlyList<double> Spacing { get; }

    /// <summary>The size of <see cref="Input"/>.</summary>
    public GridSize InputSize { get; }

    /// <summary>The model input of this image; its first C · InputSize.Voxels values are valid.</summary>
    public float[] Input => _input ?? throw new InvalidOperationException("The prepared input was released.");

    /// <summary>A name for messages: the file, or the image's position.</summary>
    public string Name => Source ?? $"image #{Index}";

    /// <summary>Returns the input array to the pool (idempotent).</summary>
    public void Release()
    {
        var input = Interlocked.Exchange(ref _input, null);
        if (input is not null)
        {
            ArrayPool<float>.Shared.Return(input);
        }
    }
}
