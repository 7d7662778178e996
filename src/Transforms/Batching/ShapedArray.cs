namespace MLSegmentation.Transforms;

/// <summary>
/// A dense row-major array with its shape, e.g. a batch of images [N, C, H, W]. The trainer makes tensors over it;
/// this layer holds no tensor engine.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
/// <param name="Data">The elements, row-major; <c>Data.Length</c> is the product of <paramref name="Shape"/>.</param>
/// <param name="Shape">The dimensions.</param>
public sealed record ShapedArray<T>(T[] Data, long[] Shape);
