namespace MLSegmentation.Onnx;

/// <summary>
/// The custom metadata keys (ONNX <c>metadata_props</c>) of the segmentation model contract, written by the exporter
/// and read by <see cref="OnnxSegmenter"/>. All are optional; explicit <see cref="OnnxSegmenterOptions"/> override them.
/// </summary>
public static class SegmentationMetadataKeys
{
    /// <summary>Class names, a JSON array of strings in class-index order (index 0 = background), e.g. <c>["background","lesion"]</c>.</summary>
    public const string ClassNames = "mlseg.class_names";

    /// <summary>
    /// Input normalisation, a JSON object: <c>{"kind":"none"}</c>, <c>{"kind":"zscore"}</c> (per image and channel),
    /// <c>{"kind":"fixed","mean":[..],"std":[..]}</c> (per channel) or <c>{"kind":"scale","factor":0.00392156862745098}</c>.
    /// See <see cref="MLSegmentation.Transforms.InputNormalization"/>.
    /// </summary>
    public const string Normalization = "mlseg.normalization";

    /// <summary>The spatial size the model was trained on, height then width, comma-separated: <c>"64,64"</c>.</summary>
    public const string TrainingSize = "mlseg.training_size";

    /// <summary>
    /// How scorers map an input onto the model (see <see cref="ResizePolicy"/>): <c>none</c>, <c>to_training_size</c>
    /// (what a model trained on images resized to its training size expects) or <c>sliding_window</c>.
    /// </summary>
    public const string Resize = "mlseg.resize";

    /// <summary>The training method (free text, e.g. <c>baseline</c>, <c>colab</c>, <c>contrastive</c>, <c>masksup</c>).</summary>
    public const string Method = "mlseg.method";

    /// <summary>The library version that exported the model (free text, e.g. <c>0.1.0</c>).</summary>
    public const string Version = "mlseg.version";
}
