// A horizontal bar of a GPU's memory split into coloured parts (weights, LoRA
// states, activations, …) against the card's capacity; drawn red when the
// parts do not fit. Tooltip: each part in GiB.
#pragma once

#include <QColor>
#include <QString>
#include <QWidget>
#include <vector>

namespace qs::ui {

class MemoryBar : public QWidget {
    Q_OBJECT
public:
    struct Part {
        QString label;
        double gib = 0;
        QColor color;
    };

    explicit MemoryBar(QWidget* parent = nullptr);

    // usableGib: what the plan may use; beyond it the bar turns red.
    void setParts(std::vector<Part> parts, double capacityGib, double usableGib);
    bool fits() const { return total() <= m_usableGib; }
    double total() const;

    QSize sizeHint() const override { return {300, 22}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    std::vector<Part> m_parts;
    double m_capacityGib = 0;
    double m_usableGib = 0;
};

} // namespace qs::ui
