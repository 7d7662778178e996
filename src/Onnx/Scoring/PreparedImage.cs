using System.Buffers;

namespace MLSegmentation.Onnx;

/// <summary>
/// One image after pre-processing, waiting for its batch: the normalised (and, with
/// <see cref="ResizePolicy.ToTrainingSize"/>, resized) values [C, InputHeight, InputWidth] in an array rented from
/// <see cref="ArrayPool{T}.Shared"/>, which <see cref="Release"/> returns (the pipeline calls it once copied).
/// </summary>
internal sealed class PreparedImage
{
    private float[]? _input;

    public PreparedImage(long index, string? source, int height, int width, float[] input, int inputHeight, int inputWidth)
    {
        Index = index;
        Source = source;
        Height = height;
        Width = width;
        _input = input;
        InputHeight = inputHeight;
        InputWidth = inputWidth;
    }

    /// <summary>Position in the scored sequence.</summary>
    public long Index { get; }

    /// <summary>File path, or null.</summary>
    public string? Source { get; }

    /// <summary>The original image height.</summary>
    public int Height { get; }

    /// <summary>The original image width.</summary>
    public int Width { get; }

    /// <summary>Height of <see cref="Input"/>.</summary>
    public int InputHeight { get; }

    /// <summary>Width of <see cref="Input"/>.</summary>
    public int InputWidth { get; }

    /// <summary>The model input of this image; its first C · InputHeight · InputWidth values are valid.</summary>
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
