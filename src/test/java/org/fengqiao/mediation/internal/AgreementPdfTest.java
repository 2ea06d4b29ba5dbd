package org.fengqiao.mediation.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

/** The agreement prints legible Chinese: the text extracted from the PDF is the text put in. */
class AgreementPdfTest {

    private static AgreementPdf.Content content(boolean draft, String terms) {
        return new AgreementPdf.Content("TJ-440784-20261127-0001-XY", draft, false, List.of(
                new AgreementPdf.Party("申请人", "黄志强", "身份证号", "4407**********1234", "138****5678",
                        "鹤山市沙坪街道镇南工业城", 34),
                new AgreementPdf.Party("被申请人", "鹤山市华粤五金制品有限公司", "统一社会信用代码", "9144****0123",
                        null, null, 1)),
                "该公司拖欠34名工人2026年9月至10月工资共计人民币300,000元。", "工资数额及支付时间。",
                "公司对拖欠工资负全部责任。", terms, "银行转账至工人本人账户", "2026年12月10日", "李秀英",
                "中山派出所人民调解委员会", draft ? null : "2026年11月27日", "TJ-440784-20261127-0001");
    }

    private static String text(byte[] pdf) throws IOException {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(doc).replaceAll("\\s+", "");
        }
    }

    @Test
    void theSignedAgreementReadsAsTheLawAsksInChinese() throws IOException {
        byte[] pdf = AgreementPdf.render(content(false, "公司于2026年12月10日前一次性支付全部拖欠工资300,000元。"));
        assertThat(new String(pdf, 0, 5)).isEqualTo("%PDF-");
        String t = text(pdf);
        assertThat(t).contains("人民调解协议书", "编号：TJ-440784-20261127-0001-XY", "申请人：黄志强（代表34人）",
                "被申请人：鹤山市华粤五金制品有限公司", "身份证号：4407**********1234", "纠纷的主要事实",
                "拖欠34名工人", "争议事项", "各方当事人的责任", "一次性支付全部拖欠工资300,000元",
                "履行方式：银行转账至工人本人账户", "履行期限：2026年12月10日前履行完毕", "本协议一式三份",
                "三十日内共同向人民法院申请司法确认", "人民调解员（签名）", "中山派出所人民调解委员会",
                "2026年11月27日", "第1页共1页");
        assertThat(t).doesNotContain("草稿");
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            assertThat(doc.getDocumentInformation().getTitle()).contains("人民调解协议书");
            // the Chinese font travels inside the PDF
            PDFont font = null;
            for (var name : doc.getPage(0).getResources().getFontNames()) {
                PDFont f = doc.getPage(0).getResources().getFont(name);
                if (f.getName().contains("Droid")) {
                    font = f;
                }
            }
            assertThat(font).isNotNull();
            assertThat(font.isEmbedded()).isTrue();
        }
    }

    @Test
    void aDraftIsWatermarkedAndLongTermsRunOntoMorePages() throws IOException {
        String longTerms = "一、公司分期支付拖欠工资，每期支付金额不少于三万元，并向工人出具书面确认。".repeat(60);
        byte[] pdf = AgreementPdf.render(content(true, longTerms));
        String t = text(pdf);
        assertThat(t).contains("草稿");
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            assertThat(doc.getNumberOfPages()).isGreaterThan(1);
            assertThat(t).contains("第" + doc.getNumberOfPages() + "页共" + doc.getNumberOfPages() + "页");
        }
        assertThat(AgreementPdf.chineseNumber(3)).isEqualTo("三");
        assertThat(AgreementPdf.chineseNumber(12)).isEqualTo("十二");
        assertThat(AgreementPdf.chineseNumber(21)).isEqualTo("二十一");
    }
}
