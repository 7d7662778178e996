namespace MLSegmentation.Trainers.Methods;

/// <summary>What makes two object embeddings positives in the supervised contrastive loss.</summary>
public enum ContrastiveLabels
{
    /// <summary>The paper's method: an object's label is its class, so objects of one class are positives across images.</summary>
    Semantic,

    /// <summary>
    /// The image-level baseline (SimCLR-style instance discrimination) under the same pooling: an object's label is its
    /// image, so only the objects of the same image (in either view) are positives, whatever their class.
    /// </summary>
    ImageId,
}
