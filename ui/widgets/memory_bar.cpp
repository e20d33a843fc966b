#include "ui/widgets/memory_bar.h"

#include <QPainter>

namespace qs::ui {

MemoryBar::MemoryBar(QWidget* parent) : QWidget(parent)
{
    setMinimumHeight(18);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

double MemoryBar::total() const
{
    double sum = 0;
    for (const Part& part : m_parts)
        sum += part.gib;
    return sum;
}

void MemoryBar::setParts(std::vector<Part> parts, double capacityGib, double usableGib)
{
    m_parts = std::move(parts);
    m_capacityGib = capacityGib;
    m_usableGib = usableGib;
    QStringList lines;
    for (const Part& part : m_parts)
        lines << QStringLiteral("%1: %2 GiB").arg(part.label).arg(part.gib, 0, 'f', 2);
    setToolTip(lines.join(QLatin1Char('\n')));
    update();
}

void MemoryBar::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    const QRectF frame = QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5);
    painter.fillRect(frame, palette().base());
    // The scale is the larger of the card and the plan, so an overflow shows how far it goes.
    const double scale = std::max({m_capacityGib, total(), 1e-9});
    double x = frame.left();
    for (const Part& part : m_parts) {
        const double width = frame.width() * part.gib / scale;
        painter.fillRect(QRectF(x, frame.top(), width, frame.height()), part.color);
        x += width;
    }
    if (m_capacityGib > 0 && m_capacityGib < scale) { // the card's end, inside an overflowing bar
        const double end = frame.left() + frame.width() * m_capacityGib / scale;
        painter.setPen(QPen(Qt::black, 2));
        painter.drawLine(QPointF(end, frame.top()), QPointF(end, frame.bottom()));
    }
    painter.setPen(QPen(fits() ? palette().mid().color() : QColor(200, 0, 30), fits() ? 1 : 2));
    painter.drawRect(frame);
}

} // namespace qs::ui
