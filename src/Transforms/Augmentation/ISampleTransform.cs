namespace MLSegmentation.Transforms;

/// <summary>
/// One step of a data pipeline. Implementations draw every random choice from the
/// <see cref="SampleRandom"/> they are given, so a sample's result depends only on (seed, sample index)
/// and never on threads; they must not keep per-call state.
/// </summary>
public interface ISampleTransform
{
    /// <summary>Returns the transformed sample; the input is not modified.</summary>
    SegmentationSample Apply(SegmentationSample sample, SampleRandom random);
}
