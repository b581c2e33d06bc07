package dev.quarry.core.port;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.io.ByteArrayInputStream;

import static org.assertj.core.api.Assertions.assertThat;

class OcrEngineTest {

    @Test
    void should_encode_a_page_as_png_of_the_same_size() throws Exception {
        BufferedImage page = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);

        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(OcrEngine.png(page)));

        assertThat(decoded.getWidth()).isEqualTo(40);
        assertThat(decoded.getHeight()).isEqualTo(30);
        assertThat(decoded.getColorModel().getNumComponents()).isEqualTo(3);
    }

    @Test
    void should_encode_a_page_png_cannot_hold_as_8_bit_gray() throws Exception {
        // given float samples, which the PNG writer refuses
        ColorModel floats = new ComponentColorModel(
                ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false, Transparency.OPAQUE, DataBuffer.TYPE_FLOAT);
        BufferedImage page = new BufferedImage(floats, floats.createCompatibleWritableRaster(40, 30), false, null);
        assertThat(ImageIO.write(page, "png", new java.io.ByteArrayOutputStream()))
                .isFalse();

        // when
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(OcrEngine.png(page)));

        // then
        assertThat(decoded.getWidth()).isEqualTo(40);
        assertThat(decoded.getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
    }
}
